// `npm run bench`: runs every perf/*.perf.ts (compiled) and prints one table.
// Each module exports run(): Promise<BenchResult[]>; pass names as arguments to filter.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** Upper bound the figure must stay under (lower is better). */
  target?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.perf.js'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

let failed = 0;
const rows: string[][] = [];
for (const file of files) {
  process.stderr.write(`perf: ${file.replace('.perf.js', '')}…\n`);
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { run(): Promise<BenchResult[]> };
  for (const result of await module.run()) {
    const ok = result.target === undefined || result.value <= result.target;
    if (!ok) failed++;
    rows.push([
      result.name,
      `${Number(result.value.toFixed(2))} ${result.unit}`,
      result.target === undefined ? '' : `< ${Number(result.target.toFixed(2))} ${result.unit}`,
      result.target === undefined ? '' : ok ? 'ok' : 'OVER',
    ]);
  }
}

const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]!.length), 6));
for (const row of [['benchmark', 'value', 'target', ''], ...rows]) {
  process.stdout.write(
    `${row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}\n`,
  );
}
if (failed) process.stdout.write(`\n${failed} figure(s) over target\n`);
