// `oryon bench` end to end: the built CLI runs the real fix loop on the built-in suite
// and an Exercism tree against the fake model server, whose scripted replies solve some
// tasks and not others, so pass rates, comparisons and checks are real.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { benchResponder, datasetTasks, suiteTasks, type Script } from '../helpers/bench-model.js';
import { isolatedEnv, repoRoot, runCli } from '../helpers/cli.js';
import { checkoutIsPrivate } from '../helpers/checkout.js';
import { DEFAULT_FAKE_MODELS, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { tempDir, writeFile } from '../helpers/git-repo.js';
import { build } from './build.js';

const A = 'qwen2.5-coder:7b';
const B = 'tiny-coder:1b';
const exercism = path.join(repoRoot, 'test', 'fixtures', 'exercism');

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

async function serve(scripts: Record<string, Record<string, Script>>, tasks = datasetTasks()): Promise<FakeOllama> {
  fake = await startFakeOllama({ models: [...DEFAULT_FAKE_MODELS, { name: B, parameterSize: '1B' }], respond: benchResponder(tasks, scripts) });
  return fake;
}

/** TypeScript tasks compile with the tsc oryon ships for development. */
function benchEnv(url: string): Record<string, string> {
  return isolatedEnv({ OLLAMA_HOST: url, PATH: `${path.join(repoRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` });
}

const bench = (args: string[], env: Record<string, string>, cwd = tempDir()) => runCli(['bench', ...args], { env, cwd });
const historyLines = (env: Record<string, string>) =>
  readFileSync(path.join(env.ORYON_HOME!, 'bench', 'history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('oryon bench (e2e)', () => {
  it('compares two models side by side: pass@1/pass@2, 95% CI, differing tasks, McNemar; stores SQLite + JSONL; report, HTML, check and badge', async () => {
    const server = await serve({ [B]: { 'py-fizzbuzz': 'fails', 'js-chunk': 'solves-on-retry' } });
    const env = benchEnv(server.url);
    const result = await bench(
      ['--only', '{py-fib,py-fizzbuzz,js-chunk,py-paginate}', '--model', `${A},${B}`, '--tries', '2', '--jobs', '2', '--seed', '7', '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    const byConfig = Object.fromEntries(doc.configurations.map((c: any) => [c.config, c]));
    expect(byConfig[A]).toMatchObject({ graded: 4, pass_at: [4, 4], pass_rate: 1 });
    expect(byConfig[B]).toMatchObject({ graded: 4, pass_at: [2, 3], pass_rate: 0.75 });
    expect(byConfig[B].ci95[0]).toBeGreaterThan(0.2);
    expect(byConfig[B].ci95[1]).toBeLessThan(1);
    expect(doc.comparisons).toEqual([{ a: A, b: B, only_a: 1, only_b: 0, p_value: 1, significant: false, differing: ['py-fizzbuzz'] }]);
    // Progress on stderr: done/total, pass rate so far, an ETA.
    expect(result.stderr).toMatch(/bench \[[#.]+\] 8\/8 {2}pass \d+% {2}eta \d+s/);

    // The seed and temperature went to the model on every request; hidden tests never did on a first try.
    const chats = server.chatRequests();
    expect(new Set(chats.map((body) => body.options?.seed))).toEqual(new Set([7]));
    expect(new Set(chats.map((body) => body.options?.temperature))).toEqual(new Set([0]));
    const firstTries = chats.filter((body) => !JSON.stringify(body.messages).includes('but the tests failed'));
    for (const secret of ['class FibTest', 'keeps the last, shorter chunk', 'test_partial_page_counts'])
      expect(JSON.stringify(firstTries)).not.toContain(secret);

    // Every task result is in history.jsonl and explains itself through `oryon runs show`.
    const lines = historyLines(env);
    const tasks = lines.filter((line) => line.type === 'task');
    expect(tasks).toHaveLength(8);
    expect(lines[0]).toMatchObject({ type: 'bench-start', id: doc.bench_id, tries: 2, jobs: 2, seed: 7 });
    expect(lines.at(-1)).toMatchObject({ type: 'bench-end', id: doc.bench_id, status: 'finished' });
    const failed = tasks.find((t) => t.config === B && t.task === 'py-fizzbuzz');
    expect(failed).toMatchObject({ status: 'failed', passed: [false, false], iterations: 2, seed: 7, temperature: 0 });
    expect(failed.promptTokens).toBeGreaterThan(0);
    const retried = tasks.find((t) => t.config === B && t.task === 'js-chunk');
    expect(retried).toMatchObject({ status: 'passed', passed: [false, true] });
    const story = await runCli(['runs', 'show', failed.runId, '--json'], { env });
    expect(story.code).toBe(0);
    expect(JSON.parse(story.stdout)).toMatchObject({ run_id: failed.runId, model: B });

    // The report reads SQLite; the HTML page is self-contained and renders in headless chromium.
    const out = tempDir();
    const html = path.join(out, 'report.html');
    const svg = path.join(out, 'chart.svg');
    const report = await runCli(['bench', 'report', '--html', html, '--svg', svg], { env, cwd: out });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain(`bench ${doc.bench_id}`);
    expect(report.stdout).toMatch(new RegExp(`${B.replace('.', '\\.')}\\s+4\\s+2/4 50\\.0%\\s+3/4 75\\.0%`));
    expect(report.stdout).toContain(`oryon runs show ${failed.runId}`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).toContain('py-fizzbuzz');
    expect(page).not.toMatch(/<script|src="http|href="http/);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const shot = path.join(out, 'report.png');
    execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', `--screenshot=${shot}`, '--window-size=1200,900', `file://${html}`], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');

    // bench check: a threshold the weaker model breaks exits 1 and names it; --badge writes the SVG.
    const project = tempDir();
    writeFile(project, 'bench/thresholds.yaml', 'suites:\n  datasets:\n    min_pass_rate: 0.9\n    max_tokens_per_task: 100000\n');
    const badge = path.join(project, 'badge.svg');
    const check = await runCli(['bench', 'check', '--badge', badge], { env, cwd: project });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`broken: ${B}: pass rate 75.0% is under min_pass_rate 90.0% (suite datasets)`);
    expect(check.stdout).not.toContain(`broken: ${A}`);
    expect(readFileSync(badge, 'utf8')).toContain('88%');
    writeFile(project, 'bench/thresholds.yaml', 'suites:\n  datasets:\n    min_pass_rate: 0.7\n');
    const passing = await runCli(['bench', 'check', '--baseline', doc.bench_id], { env, cwd: project });
    expect(passing.code, passing.stdout).toBe(0);
    expect(passing.stdout).toContain('ok: every threshold holds');
  }, 600_000);

  // TypeScript exercises compile with this checkout's tsc, which a checkout under /tmp hides from the sandbox.
  it.skipIf(checkoutIsPrivate)(
    'runs an Exercism / polyglot tree (Python, JavaScript, TypeScript) with the hidden test files as the grade',
    async () => {
      const server = await serve({ [A]: { 'javascript/two-fer': 'fails' } }, suiteTasks(exercism));
      const env = benchEnv(server.url);
      const result = await bench(['--suite', exercism, '--tries', '1', '--jobs', '2', '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      const doc = JSON.parse(result.stdout);
      const status = Object.fromEntries(doc.results.map((r: any) => [r.task, r.status]));
      expect(status).toEqual({ 'python/leap': 'passed', 'javascript/two-fer': 'failed', 'typescript/reverse-string': 'passed' });
      expect(doc.configurations[0]).toMatchObject({ graded: 3, pass_at: [2] });
      // The example solution and the hidden tests never reached the model.
      const prompts = JSON.stringify(server.chatRequests());
      expect(prompts).toContain('evenly divisible by 4');
      expect(prompts).not.toContain('test_year_divisible_by_400_is_leap_year');
      expect(prompts).not.toContain("'a sentence with punctuation'");
    },
    600_000,
  );

  it('reports a broken task and a task without a test command by name and file, and still runs the rest', async () => {
    const suite = tempDir();
    const good = path.join(repoRoot, 'datasets', 'py-fib');
    for (const file of ['issue.md', 'solution', 'task.yaml', 'repo/fib.py', 'repo/test_fib.py'])
      writeFile(suite, `fib/${file}`, readFileSync(path.join(good, file), 'utf8'));
    writeFile(suite, 'already-fixed/task.yaml', 'language: python\ntest_command: python3 -m unittest\nhidden: ["test_*.py"]\n');
    writeFile(suite, 'already-fixed/issue.md', 'Make add() add its two arguments.\n');
    writeFile(suite, 'already-fixed/repo/calc.py', 'def add(a, b):\n    return a + b\n');
    writeFile(
      suite,
      'already-fixed/repo/test_calc.py',
      'import unittest\nfrom calc import add\n\nclass T(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(1, 2), 3)\n',
    );
    writeFile(suite, 'no-command/task.yaml', 'language: python\n');
    writeFile(suite, 'no-command/issue.md', 'Something is wrong somewhere.\n');
    writeFile(suite, 'no-command/repo/x.py', 'x = 1\n');
    const server = await serve(
      {},
      datasetTasks().filter((t) => t.id === 'py-fib'),
    );
    const env = benchEnv(server.url);
    const result = await bench(['--suite', suite, '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/bench: skipped no-command: task no-command: .*no-command\/task\.yaml: test_command: /);
    expect(result.stderr).toMatch(/bench: broken: task already-fixed: its tests pass before any change \(python3 -m unittest in .*already-fixed\/repo\)/);
    const doc = JSON.parse(result.stdout);
    expect(doc.results.map((r: any) => [r.task, r.status]).sort()).toEqual([
      ['already-fixed', 'broken'],
      ['fib', 'passed'],
    ]);
    expect(doc.configurations[0]).toMatchObject({ graded: 1, broken: 1, pass_rate: 1 });
    expect(doc.skipped).toEqual([{ task: 'no-command', message: expect.stringContaining('test_command') }]);
  }, 600_000);

  it('refuses a path that is not a suite (exit 2) and a model that is not pulled (exit 3)', async () => {
    const server = await serve({});
    const env = benchEnv(server.url);
    const empty = tempDir();
    const notSuite = await bench(['--suite', empty], env);
    expect(notSuite.code).toBe(2);
    expect(notSuite.stderr).toContain(`--suite ${empty}: ${empty} is not a suite`);
    const missing = await bench(['--only', 'py-fib', '--model', `${A},llama-none:3b`], env);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('model not pulled: llama-none:3b');
    expect(missing.stderr).toContain('ollama pull llama-none:3b');
    expect(existsSync(path.join(env.ORYON_HOME!, 'bench', 'history.jsonl'))).toBe(false);
    for (const sub of ['report', 'check']) {
      const none = await runCli(['bench', sub], { env, cwd: empty });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('no bench results yet');
    }
    const badSeed = await bench(['--seed', 'x'], env);
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr).toContain('--seed: expected an integer, got "x"');
  }, 120_000);

  it('same configuration and seed against the fake server: identical transcripts', async () => {
    const server = await serve({ [A]: { 'py-fizzbuzz': 'solves-on-retry' } });
    const env = benchEnv(server.url);
    const transcripts: string[] = [];
    for (let run = 0; run < 2; run++) {
      const before = server.chatRequests().length;
      const result = await bench(['--only', '{py-fib,py-fizzbuzz}', '--seed', '42', '--jobs', '1'], env);
      expect(result.code, result.stderr).toBe(0);
      // The only input that varies is the tests' own clock ("Ran 3 tests in 0.001s") in the second try's feedback.
      const sent = JSON.stringify(
        server
          .chatRequests()
          .slice(before)
          .map((body) => ({ model: body.model, options: body.options, messages: body.messages, format: body.format })),
      );
      transcripts.push(sent.replace(/ in \d+\.\d+s/g, ' in <time>s'));
    }
    expect(transcripts[0]).toContain('"seed":42');
    expect(transcripts[0]).toContain('but the tests failed');
    expect(transcripts[1]).toBe(transcripts[0]);
  }, 600_000);

  it('--prompts default,DIR compares prompt sets: the folder templates reach the model, the others stay packaged', async () => {
    const server = await serve({ 'VARIANT-TERSE': { 'py-fib': 'fails' } });
    const env = benchEnv(server.url);
    const prompts = path.join(tempDir(), 'terse');
    writeFile(prompts, 'system.md', 'VARIANT-TERSE: you are a terse coding assistant. Fix the issue with the smallest change.\n');
    const result = await bench(['--only', '{py-fib,js-chunk}', '--prompts', `default,${prompts}`, '--tries', '1', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.configurations.map((c: any) => [c.config, c.pass_rate])).toEqual([
      [`${A}/default`, 1],
      [`${A}/terse`, 0.5],
    ]);
    expect(doc.comparisons[0]).toMatchObject({ a: `${A}/default`, b: `${A}/terse`, differing: ['py-fib'] });
    const systems = server.chatRequests().map((body) => body.messages[0].content as string);
    expect(systems.filter((text) => text.startsWith('VARIANT-TERSE'))).toHaveLength(systems.length / 2);
    const bad = await bench(['--prompts', tempDir()], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('holds none of the prompt templates');
  }, 600_000);

  it('--curriculum climbs levels in order and stops at the first level under the minimum', async () => {
    const server = await serve({ [A]: { 'py-slugify': 'fails', 'js-query-string': 'fails' } });
    const env = benchEnv(server.url);
    const project = tempDir();
    writeFile(project, '.oryon/bench.yaml', 'curriculum:\n  min_pass_rate: 0.6\n');
    const result = await bench(
      ['--only', '{py-fib,js-chunk,py-slugify,js-query-string,py-csv-quotes}', '--curriculum', '--tries', '1', '--jobs', '2', '--json'],
      env,
      project,
    );
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.curriculum).toEqual([
      {
        config: A,
        highest_cleared: 1,
        levels: [
          { level: 1, passRate: 1, cleared: true },
          { level: 2, passRate: 0, cleared: false },
        ],
      },
    ]);
    // Level 3 (py-csv-quotes) never ran.
    expect(doc.results.map((r: any) => r.task).sort()).toEqual(['js-chunk', 'js-query-string', 'py-fib', 'py-slugify']);
    expect(result.stdout).toBeDefined();
  }, 600_000);

  it('Ctrl-C stops cleanly, exits 130 and keeps the finished results', async () => {
    const tasks = datasetTasks();
    const respond = benchResponder(tasks, {});
    // The second task's model is slow, so the interrupt lands while it runs.
    fake = await startFakeOllama({
      respond: (body) =>
        JSON.stringify(body.messages).includes(tasks.find((t) => t.id === 'py-fizzbuzz')!.issue)
          ? { ...respond(body), firstTokenDelayMs: 60_000 }
          : respond(body),
    });
    const env = benchEnv(fake.url);
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'oryon'), 'bench', '--only', '{py-fib,py-fizzbuzz,py-is-prime}', '--jobs', '1'], {
      cwd: tempDir(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.resume();
    const deadline = Date.now() + 120_000;
    while (!/1\/3 .*py-fib/.test(stderr) || fake.chatRequests().length < 3) {
      if (Date.now() > deadline) throw new Error(`no progress: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('finished result(s) kept');
    const lines = historyLines(env);
    expect(lines.filter((l) => l.type === 'task').map((l) => [l.task, l.status])).toEqual([['py-fib', 'passed']]);
    expect(lines.at(-1)).toMatchObject({ type: 'bench-end', status: 'interrupted' });
    // Nothing left behind: the task copies are removed.
    const work = path.join(env.ORYON_HOME!, 'bench', 'work');
    expect(existsSync(work) ? readdirSync(work) : []).toEqual([]);
  }, 300_000);
});
