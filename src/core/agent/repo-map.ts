// A compact map of the repository: tracked paths, and for the most relevant files their
// top-level symbols, found with cheap per-language regexes (no parser, no index).

const SYMBOL_PATTERNS: Array<{ ext: RegExp; regex: RegExp }> = [
  { ext: /\.py$/, regex: /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/gm },
  {
    ext: /\.(?:[cm]?[jt]sx?)$/,
    regex:
      /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|var)\s+([A-Za-z_$][\w$]*)/gm,
  },
  { ext: /\.go$/, regex: /^(?:func(?:\s+\([^)]*\))?|type)\s+([A-Za-z_]\w*)/gm },
  { ext: /\.rs$/, regex: /^(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:fn|struct|enum|trait|impl|mod|type|const|static)\s+([A-Za-z_]\w*)/gm },
  {
    ext: /\.(?:java|kt|cs|scala)$/,
    regex: /^\s{0,4}(?:public|private|protected|internal)?\s*(?:static\s+)?(?:final\s+)?(?:class|interface|enum|record|object|fun)\s+([A-Za-z_]\w*)/gm,
  },
  { ext: /\.rb$/, regex: /^\s{0,2}(?:def|class|module)\s+([A-Za-z_][\w.?!]*)/gm },
];

/** Top-level symbol names of a file, in order, de-duplicated. */
export function topLevelSymbols(file: string, text: string, limit = 40): string[] {
  const pattern = SYMBOL_PATTERNS.find((entry) => entry.ext.test(file));
  if (!pattern) return [];
  const names: string[] = [];
  for (const match of text.matchAll(pattern.regex)) {
    const name = match[1]!;
    if (!names.includes(name)) names.push(name);
    if (names.length >= limit) break;
  }
  return names;
}

/** One line per path; symbols appended for the files that have them. */
export function repoMapLines(files: readonly string[], symbols: ReadonlyMap<string, string[]>): string[] {
  return files.map((file) => {
    const names = symbols.get(file);
    return names && names.length ? `${file}: ${names.join(', ')}` : file;
  });
}
