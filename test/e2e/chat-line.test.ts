// `oryon chat` in line mode (stdin is a pipe): the built CLI against the fake Ollama,
// on a temp repo — ask, change with approval, follow-up on the same branch, /undo,
// resume, the model down then back, Ctrl-C mid-turn, a plugin's slash command.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { startFakeOllama, type FakeOllama, type FakeReply } from '../helpers/fake-ollama.js';
import { branches, datasetRepo, git, makeRepo, snapshot, tempDir, writeFile } from '../helpers/git-repo.js';
import { build } from './build.js';
import { closedPortUrl, fixEnv, planReply, waitFor, worktreeDirs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

interface ChatRun {
  code: number | null;
  stdout: string;
  stderr: string;
  events: Array<Record<string, any>>;
}

/** Runs `oryon chat` with the lines as stdin; `--json` gives the events, one per line. */
function chat(repo: string, lines: string[], env: Record<string, string>, args: string[] = ['--json']): Promise<ChatRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, 'chat', ...args], { cwd: repo, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const events =
        args.includes('--json') && !args.includes('--list')
          ? stdout
              .split('\n')
              .filter(Boolean)
              .map((line) => JSON.parse(line))
          : [];
      resolve({ code, stdout, stderr, events });
    });
    child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  });
}

const intent = (kind: 'ask' | 'change'): FakeReply => ({ content: JSON.stringify({ kind }) });

describe('oryon chat, line mode (e2e)', { timeout: 120_000 }, () => {
  it('asks (grounded, nothing written), then a change approved with y, a follow-up on the same branch, /undo, and resume', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const before = snapshot(task.root);
    const fizz = task.solution;
    const followUp = task.solution.replace('def fizzbuzz', '# handles 15 first\ndef fizzbuzz');
    fake = await startFakeOllama({
      replies: [
        intent('ask'),
        { content: `The rule lives in \`${task.solutionFile}:1\`.`, chunks: ['The rule lives in ', `\`${task.solutionFile}:1\`.`] },
        intent('change'),
        { content: planReply([task.solutionFile]) },
        { content: fizz },
        intent('change'),
        { content: planReply([task.solutionFile], 'Document the order') },
        { content: followUp },
      ],
    });
    const env = fixEnv(fake.url);
    const first = await chat(
      task.root,
      ['where is the fizzbuzz rule?', 'fizzbuzz(15) should say FizzBuzz', 'y', 'also say why 15 comes first', 'y', '/undo'],
      env,
    );
    expect(first.stderr).not.toContain('Error:');
    expect(first.code).toBe(0);
    const answer = first.events.find((e) => e.type === 'answer')!;
    expect(answer.citations).toEqual([`${task.solutionFile}:1`]);
    expect(
      first.events
        .filter((e) => e.type === 'text')
        .map((e) => e.text)
        .join(''),
    ).toBe(answer.text);
    // The ask prompt carried line-numbered code.
    expect((fake.chatRequests()[1].messages as Array<{ content: string }>)[0]!.content).toMatch(/^\s*\d+\| +return "Fizz"/m);
    const done = first.events.filter((e) => e.type === 'change-done').map((e) => e.result);
    expect(done).toHaveLength(2);
    expect(done[0].branch).toMatch(/^oryon\//);
    expect(done[1].branch).toBe(done[0].branch);
    // The follow-up started from the first change's commit.
    const undo = first.events.filter((e) => e.type === 'info').pop()!;
    expect(undo.message).toMatch(/^undone:/);
    expect(git(task.root, 'rev-parse', done[0].branch).trim()).toBe(done[0].commit);
    expect(git(task.root, 'rev-parse', `${done[1].commit}^`).trim()).toBe(done[0].commit);
    expect(snapshot(task.root)).toEqual(before);
    expect(worktreeDirs(env)).toEqual([]);

    // Resume: the same thread, its branch known; /diff shows the first change.
    const session = first.events.find((e) => e.type === 'session')!;
    const resumed = await chat(task.root, ['/diff'], env, ['--json', '--resume']);
    expect(resumed.events[0]).toMatchObject({ type: 'session', threadId: session.threadId, resumed: true, branch: done[0].branch });
    expect(resumed.events.find((e) => e.type === 'info')!.message).toContain('FizzBuzz');
    const list = await chat(task.root, [], env, ['--list', '--json']);
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ id: session.threadId, branch: done[0].branch });
    expect(branches(task.root).filter((b) => b.startsWith('oryon/'))).toEqual([done[0].branch]);
  });

  it('n at the approval commits nothing and journals the answer; the session goes on', async () => {
    const task = datasetRepo('py-fizzbuzz');
    fake = await startFakeOllama({ replies: [intent('change'), { content: planReply([task.solutionFile]) }, { content: task.solution }] });
    const env = fixEnv(fake.url);
    const run = await chat(task.root, ['fizzbuzz(15) should say FizzBuzz', 'n', '/runs'], env, []);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('commit? [y]es / [n]o / [e]dit request');
    expect(run.stdout).toContain('not done: the user declined the commit');
    expect(run.stdout).toContain('runs of this thread');
    expect(branches(task.root).filter((b) => b.startsWith('oryon/'))).toEqual([]);
  });

  it('--log-format json --log-file: a change turn logs its run as oryon fix does, one JSON object per event', async () => {
    const task = datasetRepo('py-fizzbuzz');
    fake = await startFakeOllama({ replies: [intent('change'), { content: planReply([task.solutionFile]) }, { content: task.solution }] });
    const env = fixEnv(fake.url);
    const logFile = path.join(tempDir('oryon-chat-log-'), 'chat.log');
    const run = await chat(task.root, ['fizzbuzz(15) should say FizzBuzz', 'y'], env, ['--log-format', 'json', '--log-file', logFile]);
    expect(run.code, run.stderr).toBe(0);
    const lines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const runId = lines.find((line) => line.event === 'run-started')?.run_id;
    expect(runId).toMatch(/^\d{8}-\d{6}-[0-9a-f]+$/);
    expect(lines.map((line) => line.event)).toEqual(expect.arrayContaining(['run-started', 'plan', 'test', 'gates', 'commit']));
    expect(lines.every((line) => line.provider === 'ollama' && typeof line.trace_id === 'string')).toBe(true);
    expect(lines.filter((line) => line.event === 'model-done').every((line) => typeof line.latency_ms === 'number')).toBe(true);
    // The human session is unchanged on stdout.
    expect(run.stdout).toContain('committed');
  });

  it('an unknown --log-format is refused before the session starts (exit 2)', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const env = fixEnv(await closedPortUrl());
    const bad = await chat(task.root, ['/exit'], env, ['--log-format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--log-format: expected human or json, got "xml"');
  });

  it('the model down fails the turn with the fix command, and the session stays open for the next one', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const down = await closedPortUrl();
    const run = await chat(task.root, ['where is the rule?', '/help'], fixEnv(down), []);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/oryon: .*Ollama at/);
    expect(run.stderr).toMatch(/ollama serve|OLLAMA_HOST/);
    expect(run.stdout).toContain('/undo');
  });

  it('SIGINT mid-turn cancels it, removes the worktree, and the next line still runs', async () => {
    const task = datasetRepo('py-fizzbuzz');
    fake = await startFakeOllama({
      replies: [intent('change'), { content: planReply([task.solutionFile]), firstTokenDelayMs: 20_000 }],
    });
    const env = fixEnv(fake.url);
    const child = spawn(process.execPath, [binPath, 'chat', '--json'], { cwd: task.root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stdin.write('fizzbuzz(15) should say FizzBuzz\n');
    await waitFor(() => stdout.includes('"purpose":"plan"'), 20_000, 'the plan request');
    child.kill('SIGINT');
    await waitFor(() => stdout.includes('"cancelled":true'), 20_000, 'the cancelled turn');
    child.stdin.end('/help\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('/undo');
    expect(worktreeDirs(env)).toEqual([]);
  });

  it("runs a plugin's slash command (listed in /help); one that throws is an error naming it and the session goes on", async () => {
    const repo = makeRepo({ 'src/app.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n' });
    writeFile(repo, 'src/app.ts', 'export function add(a: number, b: number): number {\n  console.log(a, b); // debug\n  return a + b;\n}\n');
    writeFile(
      repo,
      'plugins/thrower.mjs',
      'export default { name: "thrower", commands: [{ name: "explode", description: "always fails", run() { throw new Error("kaput"); } }] };\n',
    );
    fake = await startFakeOllama({ replies: [intent('ask'), { content: 'It is in `src/app.ts:1`.' }] });
    const env = fixEnv(fake.url);
    mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'oryon'), { recursive: true });
    const plugins = [path.resolve('examples/plugins/no-console-log.mjs'), './plugins/thrower.mjs'];
    writeFileSync(path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'), `plugins: ${JSON.stringify(plugins)}\n`);

    const run = await chat(repo, ['/help', '/console-logs', '/explode', 'where is add?', '/console-logs plugins'], env);
    expect(run.code, run.stderr).toBe(0);
    const outputs = run.events.filter((e) => e.type === 'info' || e.type === 'error');
    expect(outputs[0]!.message).toMatch(/\/console-logs +list console\.log in changed TypeScript lines.* \(plugin no-console-log\)/);
    expect(outputs[0]!.message).toMatch(/\/explode +always fails \(plugin thrower\)/);
    expect(outputs[1]).toEqual({
      type: 'info',
      message: '1 console.log in changed TypeScript lines:\n  src/app.ts:2  console.log(a, b); // debug',
    });
    expect(outputs[2]).toMatchObject({ type: 'error', message: 'plugin command /explode of plugin thrower failed: kaput' });
    expect(run.events.find((e) => e.type === 'answer')).toMatchObject({ citations: ['src/app.ts:1'] });
    expect(outputs[3]).toEqual({ type: 'info', message: 'no console.log in changed TypeScript lines' });

    // Line mode without --json: the output on stdout, the failure on stderr.
    const text = await chat(repo, ['/console-logs', '/explode'], env, []);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('  src/app.ts:2  console.log(a, b); // debug\n');
    expect(text.stderr).toContain('oryon: plugin command /explode of plugin thrower failed: kaput');

    // A plugin command named like a built-in is a config error before the session starts.
    writeFile(repo, 'plugins/clash.mjs', 'export default { name: "clash", commands: [{ name: "fix", description: "d", run: () => "" }] };\n');
    writeFileSync(path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'), 'plugins: ["./plugins/clash.mjs"]\n');
    const clash = await chat(repo, ['/help'], env);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('plugins: ./plugins/clash.mjs: command /fix has the name of a built-in chat command');
  });

  it("a change turn runs the plugins' gates as oryon fix does: a blocked edit goes back to the model", async () => {
    const task = datasetRepo('py-fib');
    const plugin = path.join(tempDir('oryon-plugin-'), 'no-print.mjs');
    writeFileSync(
      plugin,
      'export default { name: "no-print", gates: [{ name: "print", run: ({ files }) => files.flatMap((f) => f.added.filter((l) => l.text.includes("print(")).map((l) => ({ rule: "print", severity: "high", file: f.path, line: l.line, message: "print in a changed line" }))) }] };\n',
    );
    const withPrint = task.solution.replace('    return a', '    print(a)\n    return a');
    fake = await startFakeOllama({
      replies: [intent('change'), { content: planReply([task.solutionFile]) }, { content: withPrint }, { content: task.solution }],
    });
    const env = fixEnv(fake.url);
    mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'oryon'), { recursive: true });
    writeFileSync(path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'), `plugins: ${JSON.stringify([plugin])}\n`);
    const run = await chat(task.root, [task.issue.split('\n')[0]!, 'y'], env);
    expect(run.code, run.stderr).toBe(0);
    const done = run.events.find((e) => e.type === 'change-done')!.result;
    expect(done).toMatchObject({ status: 'succeeded', iterations: 2 });
    const feedback = (fake.chatRequests()[3].messages as Array<{ content: string }>).map((m) => m.content).join('\n');
    expect(feedback).toContain('plugin/no-print/print/print');
    expect(git(task.root, 'show', `${done.branch}:fib.py`)).not.toContain('print(');
  });
});
