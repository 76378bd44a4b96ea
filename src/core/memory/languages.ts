import path from 'node:path';

/** How a file is labelled, and the ast-grep language and node kinds that split it, if any. */
export interface LanguageInfo {
  name: string;
  astGrep?: { language: string; kinds: string[]; extra?: string[] };
}

const TS_KINDS = [
  'function_declaration',
  'generator_function_declaration',
  'class_declaration',
  'abstract_class_declaration',
  'method_definition',
  'interface_declaration',
  'enum_declaration',
];
// `const f = () => {}` is how much modern code declares functions.
const ARROW_CONST = '{kind: lexical_declaration, has: {kind: variable_declarator, has: {field: value, kind: arrow_function}}}';

const STRUCTURED: Record<string, LanguageInfo> = {
  typescript: { name: 'typescript', astGrep: { language: 'TypeScript', kinds: TS_KINDS, extra: [ARROW_CONST] } },
  tsx: { name: 'tsx', astGrep: { language: 'Tsx', kinds: TS_KINDS, extra: [ARROW_CONST] } },
  javascript: {
    name: 'javascript',
    astGrep: {
      language: 'JavaScript',
      kinds: ['function_declaration', 'generator_function_declaration', 'class_declaration', 'method_definition'],
      extra: [ARROW_CONST],
    },
  },
  python: { name: 'python', astGrep: { language: 'Python', kinds: ['function_definition', 'class_definition', 'decorated_definition'] } },
  go: { name: 'go', astGrep: { language: 'Go', kinds: ['function_declaration', 'method_declaration', 'type_declaration'] } },
  rust: {
    name: 'rust',
    astGrep: { language: 'Rust', kinds: ['function_item', 'impl_item', 'struct_item', 'enum_item', 'trait_item', 'mod_item'] },
  },
  java: {
    name: 'java',
    astGrep: {
      language: 'Java',
      kinds: ['class_declaration', 'interface_declaration', 'enum_declaration', 'method_declaration', 'constructor_declaration'],
    },
  },
  c: { name: 'c', astGrep: { language: 'C', kinds: ['function_definition', 'struct_specifier'] } },
  cpp: { name: 'cpp', astGrep: { language: 'Cpp', kinds: ['function_definition', 'class_specifier', 'struct_specifier'] } },
  ruby: { name: 'ruby', astGrep: { language: 'Ruby', kinds: ['method', 'singleton_method', 'class', 'module'] } },
  csharp: {
    name: 'csharp',
    astGrep: { language: 'CSharp', kinds: ['class_declaration', 'interface_declaration', 'method_declaration', 'constructor_declaration'] },
  },
};

const BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.cxx': 'cpp',
  '.hpp': 'cpp',
  '.hh': 'cpp',
  '.rb': 'ruby',
  '.cs': 'csharp',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.rst': 'rst',
  '.txt': 'text',
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.sh': 'shell',
  '.bash': 'shell',
  '.zsh': 'shell',
  '.html': 'html',
  '.css': 'css',
  '.scss': 'css',
  '.sql': 'sql',
  '.kt': 'kotlin',
  '.swift': 'swift',
  '.php': 'php',
  '.scala': 'scala',
  '.lua': 'lua',
};

const BY_NAME: Record<string, string> = { Makefile: 'make', Dockerfile: 'dockerfile' };

export function languageOf(relPath: string): LanguageInfo {
  const base = path.posix.basename(relPath);
  const name = BY_NAME[base] ?? BY_EXTENSION[path.posix.extname(base).toLowerCase()] ?? 'text';
  return STRUCTURED[name] ?? { name };
}

/**
 * ast-grep inline rules (multi-document YAML), one rule per structured language, or only
 * those of `relPaths`: ast-grep compiles every rule it is given before it scans, and a
 * one-file re-index spent ~8 ms of its ~24 ms ast-grep process on the ten unused ones.
 */
export function astGrepRules(relPaths?: readonly string[]): string {
  const wanted = relPaths && new Set(relPaths.map((relPath) => languageOf(relPath).name));
  return Object.values(STRUCTURED)
    .filter(({ name }) => !wanted || wanted.has(name))
    .map(({ name, astGrep }) => {
      const any = [...astGrep!.kinds.map((kind) => `{kind: ${kind}}`), ...(astGrep!.extra ?? [])].join(', ');
      return `id: ${name}\nlanguage: ${astGrep!.language}\nrule: {any: [${any}]}`;
    })
    .join('\n---\n');
}
