import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../config/paths.js';
import type { Severity } from '../policy/schema.js';
import { InterruptedError, OryonError, ExitCode } from '../errors.js';
import { isSeverity, type RawFinding } from './finding.js';
import { astGrepBinary } from '../tools/ast-grep-bin.js';

// The embedded security engine: ONE `ast-grep scan` process over every file, with the
// rules shipped in config/rules/ passed inline (so no sgconfig.yml is needed in the repo).

export const RULES_DIR = path.join(packageRoot, 'config', 'rules');

/** The ast-grep language of each file extension the shipped rules understand. */
export const AST_GREP_LANGUAGES: Record<string, string> = {
  '.py': 'Python',
  '.pyi': 'Python',
  '.js': 'JavaScript',
  '.mjs': 'JavaScript',
  '.cjs': 'JavaScript',
  '.jsx': 'JavaScript',
  '.ts': 'TypeScript',
  '.mts': 'TypeScript',
  '.cts': 'TypeScript',
  '.tsx': 'Tsx',
};
export const AST_GREP_EXTENSIONS = new Set(Object.keys(AST_GREP_LANGUAGES));

const ruleCache = new Map<string, Array<{ language: string; text: string }>>();

function ruleDocuments(dir: string): Array<{ language: string; text: string }> {
  let documents = ruleCache.get(dir);
  if (documents) return documents;
  documents = [];
  for (const name of readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()) {
    for (const doc of readFileSync(path.join(dir, name), 'utf8').split(/^---\s*$/m)) {
      if (!/^id:/m.test(doc)) continue;
      const language = /^language:\s*(\S+)\s*$/m.exec(doc)?.[1] ?? '';
      documents.push({ language, text: doc.trim() });
      if (language === 'TypeScript') {
        for (const other of ['JavaScript', 'Tsx']) {
          documents.push({ language: other, text: doc.trim().replace(/^language:\s*TypeScript\s*$/m, `language: ${other}`) });
        }
      }
    }
  }
  ruleCache.set(dir, documents);
  return documents;
}

/**
 * The rule documents under `dir`/*.yml for the given languages (all when omitted), joined
 * with `---`. Rules written for TypeScript are repeated for JavaScript and TSX: one grammar
 * family, three parsers. Only the languages in the change are sent, because ast-grep's
 * start-up time grows with every grammar and rule it has to load.
 */
export function loadInlineRules(dir = RULES_DIR, languages?: ReadonlySet<string>): string {
  return ruleDocuments(dir)
    .filter((doc) => !languages || languages.has(doc.language))
    .map((doc) => doc.text)
    .join('\n---\n');
}

interface AstGrepMatch {
  file: string;
  ruleId: string;
  message: string;
  severity: string;
  range: { start: { line: number }; end: { line: number } };
  metadata?: { severity?: string } | null;
}

function toSeverity(match: AstGrepMatch): Severity {
  const declared = match.metadata?.severity;
  if (isSeverity(declared)) return declared;
  return match.severity === 'error' ? 'high' : match.severity === 'warning' ? 'medium' : 'low';
}

/** Parse `--json=stream` output (one match per line) into findings. */
export function parseAstGrepStream(stdout: string): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const match = JSON.parse(line) as AstGrepMatch;
    findings.push({
      gate: 'security',
      rule: `security/${match.ruleId}`,
      severity: toSeverity(match),
      file: match.file.split(path.sep).join('/').replace(/^\.\//, ''),
      line: match.range.start.line + 1,
      ...(match.range.end.line > match.range.start.line ? { endLine: match.range.end.line + 1 } : {}),
      message: match.message,
    });
  }
  return findings;
}

/**
 * Split file arguments so no command line nears the kernel's limit (`--all` on a large
 * repo). A commit's worth of files is one batch: one process, as the hook needs.
 */
export function argumentBatches(files: readonly string[], maxChars = 96 * 1024): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const file of files) {
    if (current.length > 0 && size + file.length + 1 > maxChars) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += file.length + 1;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function scanBatch(options: { cwd: string; files: string[]; rules: string; signal?: AbortSignal | undefined }): Promise<RawFinding[]> {
  const args = ['scan', '--inline-rules', options.rules, '--include-metadata', '--json=stream', '--color', 'never', '--', ...options.files];
  return new Promise((resolve, reject) => {
    execFile(
      // A missing binary becomes ENOENT below, reported with the fix.
      astGrepBinary() ?? 'ast-grep',
      args,
      { cwd: options.cwd, maxBuffer: 256 * 1024 * 1024, signal: options.signal, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (options.signal?.aborted) return reject(new InterruptedError());
        // Exit 1 means "error-level findings": the normal case for a hit.
        const code: unknown = error ? (error as { code?: unknown }).code : 0;
        if (error && code !== 1) {
          const detail = code === 'ENOENT' ? 'the ast-grep binary is missing (reinstall oryon)' : (stderr.trim().split('\n')[0] ?? error.message);
          return reject(new OryonError(`security gate: ast-grep failed: ${detail}`, ExitCode.notDone));
        }
        try {
          resolve(parseAstGrepStream(stdout));
        } catch (parseError) {
          reject(new OryonError(`security gate: unreadable ast-grep output: ${(parseError as Error).message}`, ExitCode.notDone));
        }
      },
    );
  });
}

/** Scan `files` (relative to `cwd`) with the shipped rules: one process per argument batch. */
export async function runAstGrep(options: { cwd: string; files: string[]; rules?: string; signal?: AbortSignal | undefined }): Promise<RawFinding[]> {
  const files = options.files.filter((file) => AST_GREP_EXTENSIONS.has(path.extname(file).toLowerCase()));
  if (files.length === 0) return [];
  const languages = new Set(files.map((file) => AST_GREP_LANGUAGES[path.extname(file).toLowerCase()]!));
  const rules = options.rules ?? loadInlineRules(RULES_DIR, languages);
  const findings: RawFinding[] = [];
  for (const batch of argumentBatches(files)) findings.push(...(await scanBatch({ cwd: options.cwd, files: batch, rules, signal: options.signal })));
  return findings;
}
