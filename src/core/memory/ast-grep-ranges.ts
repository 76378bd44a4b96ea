import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { astGrepBinary } from '../tools/ast-grep-bin.js';
import { astGrepRules } from './languages.js';

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
  const binary = astGrepBinary();
  if (!binary || relPaths.length === 0) return ranges;
  const rules = astGrepRules();
  for (let i = 0; i < relPaths.length; i += FILES_PER_RUN) {
    await scanBatch(binary, rules, repoRoot, relPaths.slice(i, i + FILES_PER_RUN), ranges, signal);
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
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line) continue;
    try {
      const match = JSON.parse(line) as { file: string; range: { start: { line: number }; end: { line: number; column: number } } };
      const file = match.file.split(path.sep).join('/');
      let list = into.get(file);
      if (!list) into.set(file, (list = []));
      list.push({ start: match.range.start.line, end: match.range.end.line });
    } catch {
      // A partial line from a killed process: ignore.
    }
  }
  await closed;
  signal?.throwIfAborted();
}
