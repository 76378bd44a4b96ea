import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyEditText } from '../src/core/edit/index.js';
import type { BenchResult } from './run.js';
import { median } from './stats.js';

// The edit engine on a 10,000-line file: 20 SEARCH/REPLACE blocks parsed, matched,
// diffed and written atomically. Target: under 50 ms.

const LINES = 10_000;
const BLOCKS = 20;

function sourceFile(): string[] {
  const lines: string[] = [];
  for (let i = 0; lines.length < LINES; i++) {
    lines.push(
      `def handler_${i}(request, context):`,
      `    value = request.get("key_${i}")`,
      `    if value is None:`,
      `        return None`,
      `    return transform_${i}(value, context)`,
      '',
    );
  }
  return lines.slice(0, LINES);
}

function reply(lines: readonly string[], shift: string): string {
  const blocks: string[] = [];
  const step = Math.floor(LINES / BLOCKS);
  for (let b = 0; b < BLOCKS; b++) {
    const start = b * step + 1 + (6 - ((b * step + 1) % 6));
    const search = lines.slice(start, start + 5).map((l) => (l ? shift + l : l));
    const replace = search.map((l) => l.replace('return None', 'raise ValueError("missing")'));
    blocks.push(
      `Block ${b + 1}:\n\nsrc/handlers.py\n\`\`\`python\n<<<<<<< SEARCH\n${search.join('\n')}\n=======\n${replace.join('\n')}\n>>>>>>> REPLACE\n\`\`\`\n`,
    );
  }
  return blocks.join('\n');
}

async function timed(runs: number, setup: () => void, body: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    setup();
    const start = performance.now();
    await body();
    if (i >= 2) samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function run(): Promise<BenchResult[]> {
  const repo = mkdtempSync(path.join(tmpdir(), 'oryon-edit-bench-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const file = path.join(repo, 'src', 'handlers.py');
    mkdirSync(path.dirname(file), { recursive: true });
    const lines = sourceFile();
    const original = `${lines.join('\n')}\n`;
    const reset = (): void => writeFileSync(file, original);
    reset();
    execFileSync('git', ['add', '-A'], { cwd: repo });
    const tracked = ['src/handlers.py'];

    const exact = reply(lines, '');
    const check = await applyEditText(repo, exact, { trackedFiles: tracked });
    if (!check.ok || check.blocks.length !== BLOCKS) throw new Error(`edit bench: reply did not apply: ${check.feedback}`);
    const shifted = reply(lines, '  ');
    const failing = exact.replace('value = request.get("key_100")', 'value = request.get("key_100", None)');

    const runs = 15;
    return [
      {
        name: `edit: ${BLOCKS} blocks on a ${LINES}-line file`,
        value: await timed(runs, reset, () => applyEditText(repo, exact, { trackedFiles: tracked })),
        unit: 'ms',
        target: 50,
      },
      {
        name: 'edit: same, tracked files from git ls-files',
        value: await timed(runs, reset, () => applyEditText(repo, exact)),
        unit: 'ms',
      },
      {
        name: 'edit: same, every block found by indentation tolerance',
        value: await timed(runs, reset, () => applyEditText(repo, shifted, { trackedFiles: tracked })),
        unit: 'ms',
      },
      {
        name: 'edit: one block not found (feedback window)',
        value: await timed(runs, reset, () => applyEditText(repo, failing, { trackedFiles: tracked })),
        unit: 'ms',
      },
    ];
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}
