// Where a value stands changes what a finding means: a token in a README, a test or an
// example is far more often a demo value than a leak. Such findings are reported at a
// lower severity (not blocking), unless the value has a live provider's exact shape.

export type Location = 'docs' | 'tests' | 'fixtures' | 'examples';

const FIXTURES = /(?:^|\/)(?:fixtures?|__fixtures__|testdata|test-data|__mocks__|mocks?|stubs?|snapshots?|__snapshots__|cassettes)\//i;
// Also type tests (tsd's `test-d/` and `*.test-d.ts`, TSTyche's `*.tst.ts`) and benchmarks:
// they exercise the code with fixed inputs and never ship as part of it.
const TESTS =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|e2e|testing|test-d|bench|benchmarks?)\/|(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.(?:py|go|rb|exs?)|[^/]*\.(?:test|spec|test-d|tst|bench)\.[cm]?[jt]sx?|[^/]*_spec\.rb|[^/]*Tests?\.(?:java|kt|cs|swift)|conftest\.py)$/i;
// Also `s3-2006-03-01.examples.json`, `config.sample.yaml`: a name part that says so.
const EXAMPLES =
  /(?:^|\/)(?:examples?|samples?|demos?|tutorials?|quickstarts?|playground)\/|\.(?:example|sample|template|dist|tmpl)$|\.(?:examples?|samples?)\.[a-z0-9]+$|(?:^|\/)\.env\.(?:example|sample|template|dist)$/i;
const DOCS =
  /(?:^|\/)(?:docs?|documentation|website\/docs|site\/content)\/|\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt|ipynb)$|(?:^|\/)(?:README|CHANGELOG|CONTRIBUTING)[^/]*$/i;

/** How a finding's message names each place ("in a test, so not blocking"). */
export const LOCATION_WORDS: Record<Location, string> = { docs: 'documentation', tests: 'a test', fixtures: 'a test fixture', examples: 'an example' };

/** The kind of place `path` is, or undefined for ordinary source and config. */
export function locationOf(path: string): Location | undefined {
  if (FIXTURES.test(path)) return 'fixtures';
  if (TESTS.test(path)) return 'tests';
  if (EXAMPLES.test(path)) return 'examples';
  if (DOCS.test(path)) return 'docs';
  return undefined;
}

/**
 * Offsets of Python docstrings in `text` ([start, end) pairs): a triple-quoted string
 * that is a statement of its own. Findings inside count as documentation.
 */
export function docstringRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const opener = /^[ \t]*[rRuU]?("""|''')/gm;
  for (let match = opener.exec(text); match; match = opener.exec(text)) {
    const quote = match[1]!;
    const close = text.indexOf(quote, opener.lastIndex);
    if (close < 0) break;
    ranges.push([match.index, close + 3]);
    opener.lastIndex = close + 3;
  }
  return ranges;
}

// Languages whose `/** … */` comments are documentation (JSDoc, Javadoc, KDoc, PHPDoc…).
const DOC_COMMENT_LANGUAGES = /\.(?:[cm]?[jt]sx?|java|kt|kts|scala|groovy|php|cs|swift|dart|c|cc|cpp|h|hpp|m|rs|go)$/i;

/**
 * Offsets of the parts of `text` that are documentation by their syntax, [start, end)
 * pairs: Python docstrings, and `/** … *\/` doc comments in C-like languages (the examples
 * an API reference renders). Findings inside count as documentation.
 */
export function documentationRanges(path: string, text: string): Array<[number, number]> {
  if (path.endsWith('.py')) return docstringRanges(text);
  if (!DOC_COMMENT_LANGUAGES.test(path) || !text.includes('/**')) return [];
  const ranges: Array<[number, number]> = [];
  for (let start = text.indexOf('/**'); start >= 0; start = text.indexOf('/**', start + 3)) {
    const close = text.indexOf('*/', start + 3);
    if (close < 0) break;
    ranges.push([start, close + 2]);
    start = close;
  }
  return ranges;
}
