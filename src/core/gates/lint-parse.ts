import path from 'node:path';
import type { Severity } from '../policy/schema.js';
import type { RawFinding } from './finding.js';

// Linter output into findings. Each parser takes what the tool prints and the directory
// it ran in, and returns repo-relative findings; unparseable lines are ignored (the
// caller decides what a non-zero exit without findings means).

export type LintTool = 'eslint' | 'ruff' | 'flake8' | 'tsc' | 'go-vet' | 'generic';

function relative(root: string, file: string): string {
  const absolute = path.isAbsolute(file) ? file : path.join(root, file);
  return path.relative(root, absolute).split(path.sep).join('/');
}

function finding(tool: LintTool, code: string, severity: Severity, file: string, line: number, message: string): RawFinding {
  return { gate: 'lint', rule: `lint/${tool}/${code || 'error'}`, severity, file, line, message: message.trim() };
}

/** `eslint -f json`: [{ filePath, messages: [{ ruleId, severity 1|2, line, message }] }]. */
export function parseEslintJson(output: string, root: string): RawFinding[] {
  const start = output.indexOf('[');
  if (start < 0) return [];
  const results = JSON.parse(output.slice(start)) as Array<{
    filePath: string;
    messages: Array<{ ruleId: string | null; severity: number; line?: number; message: string; fatal?: boolean }>;
  }>;
  return results.flatMap((result) =>
    result.messages.map((message) =>
      finding(
        'eslint',
        message.ruleId ?? (message.fatal ? 'parse-error' : 'error'),
        message.severity >= 2 ? 'high' : 'low',
        relative(root, result.filePath),
        message.line ?? 0,
        message.message,
      ),
    ),
  );
}

/** `ruff check --output-format json`: [{ code, message, filename, location: { row } }]. */
export function parseRuffJson(output: string, root: string): RawFinding[] {
  const start = output.indexOf('[');
  if (start < 0) return [];
  const results = JSON.parse(output.slice(start)) as Array<{ code: string | null; message: string; filename: string; location: { row: number } }>;
  return results.map((result) => finding('ruff', result.code ?? 'syntax-error', 'high', relative(root, result.filename), result.location.row, result.message));
}

const FILE_LINE_COL = /^(.+?):(\d+):(?:(\d+):)?\s*(?:([A-Z]+\d+)\s+)?(.*)$/;

/** flake8's default `path:line:col: CODE message` (also fits ruff concise, mypy, pylint parseable). */
export function parseFileLineCol(output: string, root: string, tool: LintTool): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trimEnd();
    const match = FILE_LINE_COL.exec(line);
    if (!match || (match[1]!.includes(' ') && !match[1]!.includes('/'))) continue;
    const code = match[4] ?? '';
    const message = match[5] ?? '';
    // mypy style "error: ..." / "note: ..."
    const level = /^(error|warning|note):\s*/.exec(message);
    if (level?.[1] === 'note') continue;
    findings.push(
      finding(
        tool,
        code || (tool === 'go-vet' ? 'vet' : ''),
        level?.[1] === 'warning' ? 'low' : 'high',
        relative(root, match[1]!),
        Number(match[2]),
        message.replace(/^(error|warning):\s*/, ''),
      ),
    );
  }
  return findings;
}

const TSC_LINE = /^(.+?)\((\d+),(\d+)\):\s+(error|warning)\s+(TS\d+):\s*(.*)$/;

/** `tsc --noEmit --pretty false`: `file(line,col): error TS2322: message`. */
export function parseTsc(output: string, root: string): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const raw of output.split('\n')) {
    const match = TSC_LINE.exec(raw.trimEnd());
    if (!match) continue;
    findings.push(finding('tsc', match[5]!, match[4] === 'error' ? 'high' : 'low', relative(root, match[1]!), Number(match[2]), match[6]!));
  }
  return findings;
}

/** `go vet` prints `path/file.go:12:3: message` (with `# package` headers and `vet:` lines). */
export function parseGoVet(output: string, root: string): RawFinding[] {
  return parseFileLineCol(
    output
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .map((line) => line.replace(/^vet:\s+/, ''))
      .join('\n'),
    root,
    'go-vet',
  );
}

export function parseLintOutput(tool: LintTool, output: string, root: string): RawFinding[] {
  switch (tool) {
    case 'eslint':
      return parseEslintJson(output, root);
    case 'ruff':
      return output.trimStart().startsWith('[') ? parseRuffJson(output, root) : parseFileLineCol(output, root, 'ruff');
    case 'tsc':
      return parseTsc(output, root);
    case 'go-vet':
      return parseGoVet(output, root);
    case 'flake8':
    case 'generic':
      return [...parseTsc(output, root), ...parseFileLineCol(output, root, tool)];
  }
}

/** Which parser fits a configured command line. */
export function toolOf(argv: readonly string[]): LintTool {
  const words = argv.map((word) => path.basename(word));
  if (words.includes('eslint')) return 'eslint';
  if (words.includes('ruff')) return 'ruff';
  if (words.includes('flake8')) return 'flake8';
  if (words.includes('tsc')) return 'tsc';
  if (words[0] === 'go' && words.includes('vet')) return 'go-vet';
  return 'generic';
}
