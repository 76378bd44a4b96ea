// The fix loop's own cost on a 1,000-file repo, with an instant in-process model: wall
// time minus model time minus the test command, per iteration (target: under 300 ms).
// Reported next to the bare work any fix needs: `git worktree add` + the test command +
// `git commit` done by hand.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load.js';
import { packageRoot } from '../src/config/paths.js';
import { runFix } from '../src/core/agent/loop.js';
import { Journal } from '../src/core/journal/journal.js';
import { ScriptedModel } from '../src/core/model/scripted-model.js';
import { createSandboxRunner } from '../src/core/sandbox/create.js';
import { databasePath, openDatabase } from '../src/core/store/db.js';
import type { BenchResult } from './run.js';
import { median } from './stats.js';

const FILES = 1000;
const RUNS = 7;
const identity = { GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
// From the package root, not this file: the bench runs compiled, from .perf-build/perf/.
const dataset = path.join(packageRoot, 'datasets', 'py-fib');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...identity } });
}

function makeRepo(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'oryon-bench-fix-'));
  cpSync(path.join(dataset, 'repo'), root, { recursive: true });
  for (let i = 0; i < FILES - 2; i++) {
    const dir = path.join(root, 'pkg', `area_${i % 20}`);
    mkdirSync(dir, { recursive: true });
    const body = Array.from({ length: 20 }, (_, j) => `def handler_${i}_${j}(request):\n    return request.get("key_${j}") or ${i}\n`).join('\n');
    writeFileSync(path.join(dir, `module_${i}.py`), `"""Module ${i}."""\n\n${body}`);
  }
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'init');
  return root;
}

const plan = JSON.stringify({ summary: 'Start fib at 0', steps: ['fix the start values'], files: ['fib.py'], verify: 'unittest', confidence: 0.9 });
const wrong = (k: number) => `fib.py\n\`\`\`\ndef fib(n):\n    return n * ${k}\n\`\`\`\n`;

async function overheadPerIteration(repo: string, iterations: number): Promise<{ perIteration: number; testMs: number }> {
  const home = mkdtempSync(path.join(tmpdir(), 'oryon-bench-home-'));
  const env = { ...process.env, ORYON_HOME: home };
  const { config, policy } = loadConfig({ repoRoot: repo, env: { HOME: home, XDG_CONFIG_HOME: home, ORYON_HOME: home } });
  config.sandbox.isolation = 'best-effort';
  config.test.command = 'python3 -m unittest';
  const db = openDatabase(databasePath(home));
  const journal = new Journal(db);
  const solution = readFileSync(path.join(dataset, 'solution'), 'utf8');
  const replies = [plan, ...Array.from({ length: iterations - 1 }, (_, i) => wrong(i + 2)), solution];
  const model = new ScriptedModel(replies, { numCtx: config.model.num_ctx, replyReserve: config.model.reply_reserve_tokens });
  const sandbox = createSandboxRunner({ policy, config, env });
  const started = performance.now();
  let testMs = 0;
  const run = runFix({ repoRoot: repo, issue: 'fib(0) must be 0', config, policy, home, model, sandbox, journal, commitEnv: identity, mode: 'operator' });
  let next = await run.next();
  const marks: string[] = [];
  let last = started;
  for (; !next.done; next = await run.next()) {
    if (next.value.type === 'test') testMs += next.value.durationMs;
    if (process.env.ORYON_BENCH_DEBUG && next.value.type !== 'model-text') {
      marks.push(`${next.value.type}:${(performance.now() - last).toFixed(0)}`);
      last = performance.now();
    }
  }
  if (process.env.ORYON_BENCH_DEBUG) console.error(marks.join(' '));
  const wall = performance.now() - started;
  if (next.value.status !== 'succeeded' || next.value.iterations !== iterations) throw new Error(`bench run did not succeed: ${next.value.reason}`);
  db.close();
  rmSync(home, { recursive: true, force: true });
  if (process.env.ORYON_BENCH_DEBUG) console.error({ iterations, wall, modelMs: next.value.modelMs, testMs });
  return { perIteration: (wall - next.value.modelMs - testMs) / iterations, testMs };
}

async function bareWork(repo: string): Promise<number> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'oryon-bench-wt-')), 'wt');
  const started = performance.now();
  git(repo, 'worktree', 'add', '--detach', '--quiet', dir, 'HEAD');
  try {
    execFileSync('python3', ['-m', 'unittest'], { cwd: dir, stdio: 'ignore', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  } catch {
    // The template's tests fail; the time is what counts.
  }
  writeFileSync(path.join(dir, 'fib.py'), readFileSync(path.join(dir, 'fib.py'), 'utf8').replace('1, 1', '0, 1'));
  git(dir, 'commit', '-q', '-m', 'fix', '--', 'fib.py');
  const elapsed = performance.now() - started;
  git(repo, 'worktree', 'remove', '--force', dir);
  return elapsed;
}

export async function run(): Promise<BenchResult[]> {
  const repo = makeRepo();
  try {
    // Warm-up: module loading, the page cache, Python's first start.
    await overheadPerIteration(repo, 1);
    await overheadPerIteration(repo, 1);
    const one: number[] = [];
    const three: number[] = [];
    const bare: number[] = [];
    const tests: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const single = await overheadPerIteration(repo, 1);
      one.push(single.perIteration);
      tests.push(single.testMs);
      three.push((await overheadPerIteration(repo, 3)).perIteration);
      bare.push(await bareWork(repo));
    }
    return [
      { name: 'fix: agent overhead per iteration, 1-iteration run (1,000 files)', value: median(one), unit: 'ms', target: 300 },
      { name: 'fix: agent overhead per iteration, 3-iteration run (1,000 files)', value: median(three), unit: 'ms', target: 300 },
      { name: 'fix: test command in the sandbox (python3 -m unittest)', value: median(tests), unit: 'ms' },
      { name: 'fix: bare work: git worktree add + tests + git commit', value: median(bare), unit: 'ms' },
    ];
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}
