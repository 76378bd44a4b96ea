import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../src/config/paths.js';
import type { BenchResult } from './run.js';
import { medianMs } from './stats.js';

// `oryon gate --staged` as the pre-commit hook runs it: the real CLI process on a commit
// of 20 changed files (Python, TypeScript, JavaScript; ~120 lines each, a few findings),
// built-in rules, no lint. Target: under 300 ms wall.

export function pyFile(n: number): string {
  const lines = [`import os`, `import json`, ``];
  for (let i = 0; i < 20; i++)
    lines.push(
      `def handler_${n}_${i}(payload):`,
      `    data = json.loads(payload)`,
      `    total = sum(item["v"] for item in data)`,
      `    return {"id": ${i}, "total": total}`,
      ``,
    );
  if (n % 5 === 0) lines.push(`os.system("convert " + name)`);
  return lines.join('\n');
}

export function tsFile(n: number): string {
  const lines = [`import { readFileSync } from 'node:fs';`, ``];
  for (let i = 0; i < 20; i++)
    lines.push(
      `export function step${n}_${i}(input: string): number {`,
      `  const parsed = JSON.parse(input) as { v: number }[];`,
      `  return parsed.reduce((sum, item) => sum + item.v, ${i});`,
      `}`,
      ``,
    );
  if (n % 7 === 0) lines.push(`export const q = (id: string) => db.query(\`SELECT * FROM t WHERE id = \${id}\`);`);
  return lines.join('\n');
}

export async function run(): Promise<BenchResult[]> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'oryon-bench-gate-'));
  const repo = path.join(base, 'repo');
  mkdirSync(repo);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: path.join(base, 'home'),
    XDG_CONFIG_HOME: path.join(base, 'config'),
    XDG_DATA_HOME: path.join(base, 'data'),
    ORYON_HOME: path.join(base, 'state'),
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, stdio: 'ignore' });
  try {
    git('init', '-q', '-b', 'main');
    const names = Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? `app/mod_${n}.py` : `web/mod_${n}.${n % 3 === 0 ? 'js' : 'ts'}`));
    mkdirSync(path.join(repo, 'app'));
    mkdirSync(path.join(repo, 'web'));
    names.forEach((name, n) => writeFileSync(path.join(repo, name), name.endsWith('.py') ? pyFile(n) : tsFile(n)));
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    // The commit under test: every one of the 20 files changed.
    names.forEach((name, n) => writeFileSync(path.join(repo, name), `${name.endsWith('.py') ? pyFile(n + 100) : tsFile(n + 100)}\n`));
    git('add', '-A');

    const bin = path.join(packageRoot, 'bin', 'oryon');
    const gate = () => spawnSync(process.execPath, [bin, 'gate', '--staged'], { cwd: repo, env, stdio: 'ignore' });
    const probe = gate();
    if (probe.status !== 1) throw new Error(`gate bench: expected findings (exit 1), got exit ${probe.status}`);
    return [
      { name: 'node -e "" (baseline)', value: await medianMs(11, () => spawnSync(process.execPath, ['-e', ''], { env, stdio: 'ignore' })), unit: 'ms' },
      { name: 'oryon gate --staged (20 files)', value: await medianMs(11, gate), unit: 'ms', target: 300 },
    ];
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
