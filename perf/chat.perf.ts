// Issue 12's figures for `oryon chat`: time from launch to a prompt ready for typing
// (in a real pseudo-terminal, via script(1)), the screen's render rate and CPU while a
// reply streams at 100 tokens/s, and resuming a 500-message thread.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/config/paths.js';
import { ThreadStore } from '../src/core/chat/thread-store.js';
import { databasePath, openDatabase } from '../src/core/store/db.js';
import { startFakeOllama } from '../test/helpers/fake-ollama.js';
import type { BenchResult } from './run.js';
import { median } from './stats.js';

const bin = path.join(packageRoot, 'bin', 'oryon');

interface Pty {
  output: () => string;
  writes: () => number;
  pid: () => number | undefined;
  send: (text: string) => void;
  stop: () => Promise<void>;
}

/** `oryon chat` under script(1), so stdin and stdout are a terminal and the ink UI runs. */
function launch(repo: string, env: Record<string, string>, args: string[] = []): Pty {
  const command = ['node', bin, 'chat', ...args].map((word) => `'${word}'`).join(' ');
  const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${command}`, '/dev/null'], { cwd: repo, env, stdio: ['pipe', 'pipe', 'ignore'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  return {
    output: () => output,
    // ink brackets every frame in a synchronized update (ESC[?2026h … ESC[?2026l): one per render.
    writes: () => output.split('\u001b[?2026h').length - 1,
    pid: () => {
      try {
        return Number(execFileSync('pgrep', ['-n', '-f', `${bin} chat`], { encoding: 'utf8' }).trim()) || undefined;
      } catch {
        return undefined;
      }
    },
    send: (text) => child.stdin.write(text),
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('close', () => resolve());
        try {
          execFileSync('pkill', ['-KILL', '-f', `${bin} chat`], { stdio: 'ignore' });
        } catch {
          // Already gone.
        }
        child.kill('SIGKILL');
      }),
  };
}

async function until(predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('bench: chat: timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oryon-bench-chat-'));
  const repo = path.join(dir, 'repo');
  mkdirSync(repo);
  execFileSync('git', ['init', '-q', repo]);
  writeFileSync(path.join(repo, 'app.py'), 'def total(items):\n    return sum(items)\n');
  execFileSync('git', ['-C', repo, 'add', '-A']);
  execFileSync('git', ['-C', repo, '-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'i']);
  const home = path.join(dir, 'home');
  const words = Array.from({ length: 300 }, (_, i) => `word${i} `);
  const fake = await startFakeOllama({
    respond: (body) => (body.format ? { content: JSON.stringify({ kind: 'ask' }) } : { chunks: words, chunkDelayMs: 10 }),
  });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    ORYON_HOME: path.join(home, 'state'),
    OLLAMA_HOST: fake.url,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  };
  mkdirSync(env.XDG_CONFIG_HOME, { recursive: true });
  const results: BenchResult[] = [];
  try {
    // The prompt is ready when the early frame shows (keys typed from then on are kept and
    // reach the session); the full screen is ink's first frame, with the thread's status.
    const prompts: number[] = [];
    const screens: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const pty = launch(repo, env);
      await until(() => pty.output().includes('oryon chat · starting'));
      prompts.push(performance.now() - started);
      await until(() => pty.output().includes('no branch yet'));
      screens.push(performance.now() - started);
      await pty.stop();
    }
    // The same pty running bare node, for scale on a loaded machine.
    const nodes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      execFileSync('script', ['-qfec', `node -e "process.stdout.write('ready')"`, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      nodes.push(performance.now() - started);
    }
    results.push({ name: 'chat: launch to a prompt ready for typing (pty)', value: median(prompts), unit: 'ms', target: 300 });
    results.push({ name: 'chat: for scale, bare `node -e` to its output and exit in the same pty', value: median(nodes), unit: 'ms' });
    results.push({ name: 'chat: launch to the full session screen (ink loaded)', value: median(screens), unit: 'ms' });

    const pty = launch(repo, env);
    await until(() => pty.output().includes('no branch yet'));
    const pid = pty.pid();
    pty.send('tell me everything\r');
    await until(() => pty.output().includes('word5 '));
    const writes0 = pty.writes();
    const ticks0 = pid ? cpuTicks(pid) : 0;
    const t0 = performance.now();
    await until(() => pty.output().includes('word299'), 30_000);
    const seconds = (performance.now() - t0) / 1000;
    const ticks = pid ? cpuTicks(pid) - ticks0 : NaN;
    results.push({ name: 'chat: screen updates per second while streaming 100 tokens/s', value: (pty.writes() - writes0) / seconds, unit: '/s', target: 31 });
    results.push({ name: 'chat: CPU while streaming 100 tokens/s (% of one core)', value: (ticks / 100 / seconds) * 100, unit: '%', target: 25 });
    await pty.stop();

    // A 500-message thread, then `oryon chat --resume` in line mode until its session event.
    const db = openDatabase(databasePath(env.ORYON_HOME));
    const threads = new ThreadStore(db);
    const thread = threads.create(
      execFileSync('git', ['-C', repo, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim(),
      'qwen2.5-coder:7b',
      'operator',
    );
    for (let i = 0; i < 500; i++) threads.addMessage(thread.id, i % 2 ? 'assistant' : 'user', `message ${i} ${'text '.repeat(40)}`);
    db.close();
    const resumes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      execFileSync('node', [bin, 'chat', '--json', '--resume', thread.id], { cwd: repo, env, input: '/runs\n' });
      resumes.push(performance.now() - started);
    }
    results.push({ name: 'chat: resume a 500-message thread (line mode, to exit)', value: median(resumes), unit: 'ms', target: 500 });
    return results;
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
