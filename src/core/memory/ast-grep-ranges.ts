import { spawn } from 'node:child_process';
import path from 'node:path';
import { astGrepBinary } from '../tools/ast-grep-bin.js';
import { astGrepRules, languageOf } from './languages.js';

/** A declaration's line range, 0-based and inclusive. */
export interface NodeRange {
  start: number;
  end: number;
}

// Keeps each command line well under ARG_MAX.
const FILES_PER_RUN = 400;

/**
 * Declaration ranges (functions, classes, methods...) of the given files, found by one
 * ast-grep process per batch of files. Files ast-grep cannot parse are simply absent, and
 * callers fall back to line windows for them.
 */
export async function declarationRanges(repoRoot: string, relPaths: string[], signal?: AbortSignal): Promise<Map<string, NodeRange[]>> {
  const ranges = new Map<string, NodeRange[]>();
  const structured = relPaths.filter((relPath) => languageOf(relPath).astGrep);
  const binary = astGrepBinary();
  if (!binary || structured.length === 0) return ranges;
  for (let i = 0; i < structured.length; i += FILES_PER_RUN) {
    const batch = structured.slice(i, i + FILES_PER_RUN);
    await scanBatch(binary, astGrepRules(batch), repoRoot, batch, ranges, signal);
  }
  return ranges;
}

async function scanBatch(
  binary: string,
  rules: string,
  repoRoot: string,
  relPaths: string[],
  into: Map<string, NodeRange[]>,
  signal?: AbortSignal,
): Promise<void> {
  signal?.throwIfAborted();
  // `--` so a path starting with "-" is never read as a flag.
  const child = spawn(binary, ['scan', '--inline-rules', rules, '--json=stream', '--', ...relPaths], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'ignore'],
    signal,
  });
  const closed = new Promise<void>((resolve) => {
    child.on('close', () => resolve());
    // A missing or broken binary degrades to line windows rather than failing the index.
    child.on('error', () => resolve());
  });
  // Split by hand: node:readline costs ~5 ms to load, a tenth of a one-file re-index.
  let parts: string[] = [];
  const take = (line: string): void => {
    if (!line) return;
    try {
      const match = JSON.parse(line) as { file: string; range: { start: { line: number }; end: { line: number; column: number } } };
      const file = match.file.split(path.sep).join('/');
      let list = into.get(file);
      if (!list) into.set(file, (list = []));
      list.push({ start: match.range.start.line, end: match.range.end.line });
    } catch {
      // A partial line from a killed process: ignore.
    }
  };
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout as AsyncIterable<string>) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; start = end + 1, end = chunk.indexOf('\n', start)) {
      parts.push(chunk.slice(start, end));
      take(parts.join(''));
      parts = [];
    }
    parts.push(chunk.slice(start));
  }
  take(parts.join(''));
  await closed;
  signal?.throwIfAborted();
}
