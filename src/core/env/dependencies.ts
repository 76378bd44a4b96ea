import path from 'node:path';
import type { EnvKindId } from './kinds.js';

// Does a change touch the project's dependencies? Then the installed environment shared
// from the user's tree no longer matches the code under test. Lockfiles count whole;
// manifests count only when their dependency sections change (a version bump of the
// package itself or a new script is not a dependency change).

export type Ecosystem = Exclude<EnvKindId, 'custom'> | 'go' | 'rust';

export interface DependencyChange {
  file: string;
  ecosystem: Ecosystem;
  /** What changed, for the message: "dependencies in package.json". */
  what: string;
}

const LOCKFILES: Record<string, Ecosystem> = {
  'package-lock.json': 'node',
  'npm-shrinkwrap.json': 'node',
  'yarn.lock': 'node',
  'pnpm-lock.yaml': 'node',
  'bun.lock': 'node',
  'bun.lockb': 'node',
  'uv.lock': 'python',
  'poetry.lock': 'python',
  Pipfile: 'python',
  'Pipfile.lock': 'python',
  'pdm.lock': 'python',
  Gemfile: 'ruby',
  'Gemfile.lock': 'ruby',
  'composer.lock': 'php',
  'mix.lock': 'elixir',
  'go.sum': 'go',
  'Cargo.lock': 'rust',
};

const NODE_SECTIONS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'bundleDependencies',
  'bundledDependencies',
  'overrides',
  'resolutions',
  'workspaces',
];
const COMPOSER_SECTIONS = ['require', 'require-dev', 'repositories'];

type Detector = (before: string, after: string) => boolean;

const MANIFESTS: Array<{ test: (name: string) => boolean; ecosystem: Ecosystem; changed: Detector }> = [
  { test: (name) => name === 'package.json', ecosystem: 'node', changed: jsonSections(NODE_SECTIONS) },
  { test: (name) => name === 'composer.json', ecosystem: 'php', changed: jsonSections(COMPOSER_SECTIONS) },
  { test: (name) => /^(requirements|constraints)([-_.][\w.-]*)?\.(txt|in)$/.test(name), ecosystem: 'python', changed: meaningfulLines('#') },
  {
    test: (name) => name === 'pyproject.toml',
    ecosystem: 'python',
    changed: tomlTables(
      /^(project|project\.optional-dependencies|dependency-groups|build-system|tool\.poetry\.(dependencies|dev-dependencies|group\..*)|tool\.uv.*|tool\.pdm\.dev-dependencies)$/,
      ['dependencies', 'requires', 'optional-dependencies'],
    ),
  },
  { test: (name) => name === 'setup.cfg', ecosystem: 'python', changed: tomlTables(/^options(\.extras_require)?$/, ['install_requires', 'tests_require']) },
  { test: (name) => name === 'setup.py', ecosystem: 'python', changed: (before, after) => requireLines(before) !== requireLines(after) },
  { test: (name) => name.endsWith('.gemspec'), ecosystem: 'ruby', changed: (before, after) => gemLines(before) !== gemLines(after) },
  { test: (name) => name === 'mix.exs', ecosystem: 'elixir', changed: (before, after) => depsBlock(before) !== depsBlock(after) },
  { test: (name) => name === 'go.mod', ecosystem: 'go', changed: meaningfulLines('//') },
  {
    test: (name) => name === 'Cargo.toml',
    ecosystem: 'rust',
    changed: tomlTables(/^((dev-|build-)?dependencies(\..*)?|target\..*dependencies.*|workspace\.dependencies)$/, null),
  },
];

/** The dependency changes among (path, before, after) triples. */
export function dependencyChanges(files: Iterable<{ path: string; before: string; after: string }>): DependencyChange[] {
  const changes: DependencyChange[] = [];
  for (const file of files) {
    if (file.before === file.after) continue;
    const name = path.posix.basename(file.path);
    const lock = LOCKFILES[name];
    if (lock) {
      changes.push({ file: file.path, ecosystem: lock, what: file.path });
      continue;
    }
    const manifest = MANIFESTS.find((candidate) => candidate.test(name));
    if (manifest?.changed(file.before, file.after)) changes.push({ file: file.path, ecosystem: manifest.ecosystem, what: `dependencies in ${file.path}` });
  }
  return changes;
}

function jsonSections(sections: readonly string[]): Detector {
  const pick = (text: string): string | undefined => {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      return JSON.stringify(sections.map((section) => parsed[section] ?? null));
    } catch {
      return undefined;
    }
  };
  // Unparseable either side: we cannot tell, so count it (the safe answer).
  return (before, after) => {
    const a = before.trim() ? pick(before) : JSON.stringify(sections.map(() => null));
    const b = pick(after);
    return a === undefined || b === undefined || a !== b;
  };
}

function meaningfulLines(comment: string): Detector {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((line) => line.split(comment)[0]!.trim())
      .filter(Boolean)
      .join('\n');
  return (before, after) => lines(before) !== lines(after);
}

/**
 * The text of the TOML (or INI) tables whose names match, keeping only the given keys
 * (with their multi-line arrays) when `keys` is set. A light reading, enough to tell
 * "the dependency lists changed" from "the description changed".
 */
function tomlTables(tables: RegExp, keys: readonly string[] | null): Detector {
  const extract = (text: string): string => {
    const kept: string[] = [];
    let table = '';
    let inKey = false;
    let depth = 0;
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      const header = /^\[+\s*([^\]]+?)\s*\]+$/.exec(line);
      if (header && depth === 0) {
        table = header[1]!.replace(/["']/g, '');
        inKey = false;
        continue;
      }
      if (!tables.test(table) || !line) continue;
      if (!keys) {
        kept.push(`${table}:${line}`);
        continue;
      }
      const key = /^([\w.-]+)\s*[=:]/.exec(line)?.[1];
      if (key !== undefined && depth === 0) inKey = keys.includes(key) || WHOLE_TABLE.test(table);
      if (inKey) kept.push(`${table}:${line}`);
      depth += (line.match(/\[/g)?.length ?? 0) - (line.match(/\]/g)?.length ?? 0);
      if (depth < 0) depth = 0;
    }
    return kept.join('\n');
  };
  return (before, after) => extract(before) !== extract(after);
}

/** Tables that are dependency lists through and through: every key in them counts. */
const WHOLE_TABLE = /(^|\.)(optional-dependencies|dependency-groups|extras_require|dependencies|dev-dependencies)$|^tool\.poetry\.group\./;

function requireLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => /requires?\b|install_requires|extras_require/.test(line) || /^\s*["'][\w.-]+\s*([<>=!~]=?|$)/.test(line))
    .map((line) => line.trim())
    .join('\n');
}

function gemLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => /add_(runtime_|development_)?dependency|^\s*gem\s/.test(line))
    .map((line) => line.trim())
    .join('\n');
}

function depsBlock(text: string): string {
  const start = text.search(/defp?\s+deps\b/);
  if (start < 0) return '';
  const end = text.indexOf('\n  end', start);
  return text.slice(start, end < 0 ? undefined : end);
}
