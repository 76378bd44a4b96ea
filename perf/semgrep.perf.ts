import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../src/config/paths.js';
import { fakeSemgrep } from '../test/helpers/fake-semgrep.js';
import type { BenchResult } from './run.js';
import { medianMs } from './stats.js';

// `oryon gate --staged` on 20 changed files in a repo with its own .semgrep.yml, with
// Semgrep on PATH. Semgrep is not installable here, so the stand-in (test/helpers/
// fake-semgrep.ts, which also checks the arguments) waits as long as a real Semgrep
// takes to start: about 2 s for a small local config, 0.3 s of it the version check that
// oryon turns off (wagtail/wagtail#11927), so 1.7 s. Target for the commit path: 1.5 s.

const SEMGREP_STARTUP_MS = 1700;
const RULE = 'rules:\n  - id: no-print\n    pattern: print(...)\n    message: use logging\n    languages: [python]\n    severity: WARNING\n';

function pyFile(n: number): string {
  const lines = ['import json', ''];
  for (let i = 0; i < 30; i++)
    lines.push(`def handler_${n}_${i}(payload):`, '    data = json.loads(payload)', `    return {"id": ${i}, "total": sum(data)}`, '');
  return lines.join('\n');
}

export async function run(): Promise<BenchResult[]> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'oryon-bench-semgrep-'));
  const repo = path.join(base, 'repo');
  mkdirSync(path.join(repo, 'app'), { recursive: true });
  const slow = fakeSemgrep([], { startupMs: SEMGREP_STARTUP_MS });
  const instant = fakeSemgrep([], { startupMs: 0 });
  const env = (semgrepDir: string): NodeJS.ProcessEnv => ({
    PATH: `${semgrepDir}:${process.env.PATH ?? ''}`,
    HOME: path.join(base, 'home'),
    XDG_CONFIG_HOME: path.join(base, 'config'),
    XDG_DATA_HOME: path.join(base, 'data'),
    ORYON_HOME: path.join(base, 'state'),
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: env(''), stdio: 'ignore' });
  const setWhere = (where: string) => {
    mkdirSync(path.join(repo, '.oryon'), { recursive: true });
    writeFileSync(path.join(repo, '.oryon', 'config.yaml'), `gates:\n  semgrep: ${where}\n`);
  };
  try {
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, '.semgrep.yml'), RULE);
    const names = Array.from({ length: 20 }, (_, n) => `app/mod_${n}.py`);
    names.forEach((name, n) => writeFileSync(path.join(repo, name), pyFile(n)));
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    names.forEach((name, n) => writeFileSync(path.join(repo, name), pyFile(n + 100)));
    git('add', '-A');

    const bin = path.join(packageRoot, 'bin', 'oryon');
    const gate = (semgrepDir: string) => () => {
      const result = spawnSync(process.execPath, [bin, 'gate', '--staged'], { cwd: repo, env: env(semgrepDir), stdio: ['ignore', 'ignore', 'pipe'] });
      if (result.status !== 0) throw new Error(`semgrep bench: gate exited ${result.status}: ${result.stderr.toString()}`);
    };
    // The machine's own pace, to read the figures by (a loaded machine stretches them all).
    const results: BenchResult[] = [
      { name: 'node -e "" (baseline)', value: await medianMs(7, () => spawnSync(process.execPath, ['-e', ''], { env: env(''), stdio: 'ignore' })), unit: 'ms' },
    ];
    setWhere('fix');
    results.push({
      name: 'gate --staged, 20 files, repo rules, gates.semgrep: fix (default)',
      value: await medianMs(7, gate(slow.dir)),
      unit: 'ms',
      target: 1500,
    });
    setWhere('always');
    const before = slow.calls().length;
    results.push({
      name: `gate --staged, same, gates.semgrep: always (semgrep start-up ${SEMGREP_STARTUP_MS} ms)`,
      value: await medianMs(5, gate(slow.dir), 1),
      unit: 'ms',
    });
    if (slow.calls().length === before) throw new Error('semgrep bench: gates.semgrep: always did not run semgrep');
    results.push({
      name: 'gate --staged, same, always, a stand-in that starts at once (oryon share)',
      value: await medianMs(7, gate(instant.dir)),
      unit: 'ms',
    });
    return results;
  } finally {
    rmSync(base, { recursive: true, force: true });
    rmSync(slow.dir, { recursive: true, force: true });
    rmSync(instant.dir, { recursive: true, force: true });
  }
}
