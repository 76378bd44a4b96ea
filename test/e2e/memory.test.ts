import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { embedOffline } from '../../src/core/memory/offline-embedder.js';
import { openDatabase } from '../../src/core/store/db.js';
import { binPath, isolatedEnv, runCli } from '../helpers/cli.js';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { branches, datasetRepo, makeRepo, snapshot, tempDir, writeFile } from '../helpers/git-repo.js';
import { FIXTURE_FILES } from '../core/memory/fixture.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs, startFix, waitFor } from './fix-helpers.js';

// The built CLI (bin/oryon) on temp repos; build first with `npx tsc -p tsconfig.build.json`.

beforeAll(build, 120_000);

let server: FakeOllama | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function setup(files: Record<string, string> = FIXTURE_FILES) {
  const root = makeRepo(files);
  const env = isolatedEnv();
  const cli = (...args: string[]) => runCli(args, { cwd: root, env });
  return { root, env, cli };
}

describe('oryon memory (built CLI)', () => {
  it('index, then search finds the right code for a question and for an identifier', async () => {
    const { cli } = setup();
    const index = await cli('memory', 'index');
    expect(index.code, index.stderr).toBe(0);
    expect(index.stdout).toMatch(
      /^indexed 6 changed file\(s\) into \d+ chunk\(s\), embedded \d+ \(\d+\/s\), removed 0 file\(s\) in \d+ ms with offline:v1-384$/m,
    );
    // Not a TTY: no progress line on stderr.
    expect(index.stderr).toBe('');

    const search = await cli('memory', 'search', 'turn a title into a url slug', '-k', '3');
    expect(search.code, search.stderr).toBe(0);
    const first = search.stdout.split('\n')[0]!;
    expect(first).toMatch(/^src\/text\/slug\.ts:\d+-\d+ {2}0\.\d{4}$/);
    expect(search.stdout).toContain('    export function slugify(title: string): string {');

    const json = await cli('memory', 'search', 'PrimeSieve', '--json', '-k', '2');
    const document = JSON.parse(json.stdout) as {
      query: string;
      results: Array<{ path: string; startLine: number; endLine: number; score: number; content: string; language: string }>;
    };
    expect(document.query).toBe('PrimeSieve');
    expect(document.results).toHaveLength(2);
    expect(document.results[0]).toMatchObject({ path: 'src/math/fib.py', language: 'python' });
    expect(document.results[0]!.content).toContain('class PrimeSieve');
  });

  it('index shows a progress line (files, chunks, embeddings per second) on a terminal', async () => {
    const { root, env } = setup();
    // python3's pty module gives the CLI a real terminal on stdout and stderr.
    const child = spawn('python3', ['-c', 'import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)', process.execPath, binPath, 'memory', 'index'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/\r\u001b\[2Kindexing: 6 files, \d+ chunks, [1-9]\d* embedded \(\d+\/s\)/);
    // The line is cleared before the summary.
    expect(output).toMatch(/\r\u001b\[2Kindexed 6 changed file\(s\)/);
  });

  it('search re-indexes changed files first, and filters by --path and --lang', async () => {
    const { root, cli } = setup();
    await cli('memory', 'index');
    writeFile(root, 'src/text/slug.ts', 'export function kebabCase(words: string[]) {\n  return words.join("-");\n}\n');
    const fresh = JSON.parse((await cli('memory', 'search', 'kebabCase', '--json', '-k', '1')).stdout) as { results: Array<{ path: string; content: string }> };
    expect(fresh.results[0]!.content).toContain('kebabCase');

    const python = JSON.parse((await cli('memory', 'search', 'number', '--json', '--lang', 'python')).stdout) as { results: Array<{ language: string }> };
    expect(python.results.length).toBeGreaterThan(0);
    expect(python.results.every((r) => r.language === 'python')).toBe(true);
    const docs = JSON.parse((await cli('memory', 'search', 'number', '--json', '--path', 'docs/**')).stdout) as { results: Array<{ path: string }> };
    expect(docs.results.length).toBeGreaterThan(0);
    expect(docs.results.every((r) => r.path.startsWith('docs/'))).toBe(true);
  });

  it('stats and export describe what memory holds', async () => {
    const { root, cli } = setup();
    await cli('memory', 'index');
    const stats = JSON.parse((await cli('memory', 'stats', '--json')).stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({ repo: root, files: 6, embedder: 'offline:v1-384' });
    expect(stats.chunks).toBe(stats.vectors);
    expect(stats.dbBytes).toBeGreaterThan(0);
    const human = await cli('memory', 'stats');
    expect(human.stdout).toMatch(/^files: +6$/m);
    expect(human.stdout).toMatch(/^database: +[\d.]+ MB$/m);

    const exported = await cli('memory', 'export');
    expect(exported.code).toBe(0);
    const records = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; path?: string; content?: string });
    expect(records.filter((r) => r.type === 'file')).toHaveLength(6);
    expect(records.filter((r) => r.type === 'chunk').length).toBe(stats.chunks);
    expect(records.some((r) => r.type === 'chunk' && r.content?.includes('def fibonacci'))).toBe(true);
  });

  it('forget --path really deletes: the marker is gone from the database file', async () => {
    const marker = 'Clifgtmarker5150';
    const { env, cli } = setup({ ...FIXTURE_FILES, 'private/diary.md': `Today the code word was ${marker}.\n` });
    await cli('memory', 'index');
    const dbFile = path.join(env.ORYON_HOME!, 'oryon.db');
    const holds = () =>
      [dbFile, `${dbFile}-wal`].some((file) => {
        try {
          return readFileSync(file).toString('latin1').toLowerCase().includes(marker.toLowerCase());
        } catch {
          return false;
        }
      });
    expect(holds()).toBe(true);
    const forget = await cli('memory', 'forget', '--path', 'private/**');
    expect(forget.code, forget.stderr).toBe(0);
    expect(forget.stdout).toMatch(/^forgot 1 item\(s\); the database was vacuumed$/m);
    expect(holds()).toBe(false);
    const all = JSON.parse((await cli('memory', 'forget', '--all', '--json')).stdout) as { removed: number };
    expect(all.removed).toBeGreaterThan(0);
    expect(JSON.parse((await cli('memory', 'stats', '--json')).stdout)).toMatchObject({ files: 0, chunks: 0 });
  });

  it('refuses bad input with exit 2', async () => {
    const { cli } = setup();
    for (const args of [
      ['memory', 'forget'],
      ['memory', 'forget', '--all', '--run', 'x'],
      ['memory', 'search', 'q', '-k', '0'],
      ['memory', 'search', 'q', '-k', 'many'],
      ['memory', 'search', '  '],
      ['memory', 'index', '--bogus'],
      ['memory', 'forget', '--run', 'no-such-run'],
    ]) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
    const outside = await runCli(['memory', 'stats'], { cwd: tempDir('oryon-norepo-'), env: isolatedEnv() });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/not a git repository/);
  });

  it('uses the Ollama embedding model when the server has it (memory.embedder: auto)', async () => {
    server = await startFakeOllama({ embed: (texts) => texts.map((text) => Array.from(embedOffline(text))) });
    const root = makeRepo(FIXTURE_FILES);
    const env = isolatedEnv({ OLLAMA_HOST: server.url });
    const index = await runCli(['memory', 'index', '--json'], { cwd: root, env });
    expect(index.code, index.stderr).toBe(0);
    expect(JSON.parse(index.stdout)).toMatchObject({ embedder: 'ollama:nomic-embed-text', files: 6 });
    expect(server.requests.some((r) => r.path === '/api/embed')).toBe(true);
    // Switching to the offline embedder re-embeds everything.
    writeFile(root, '.oryon/config.yaml', 'memory:\n  embedder: offline\n');
    const again = JSON.parse((await runCli(['memory', 'index', '--json'], { cwd: root, env })).stdout) as {
      embedded: number;
      chunks: number;
      embedder: string;
    };
    expect(again.embedder).toBe('offline:v1-384');
    expect(again.embedded).toBeGreaterThan(0);
  });

  it('stats, export and forget never contact the model server (memory.embedder: auto)', async () => {
    server = await startFakeOllama({ embed: (texts) => texts.map((text) => Array.from(embedOffline(text))) });
    const root = makeRepo(FIXTURE_FILES);
    const env = isolatedEnv({ OLLAMA_HOST: server.url });
    // Before anything is indexed the embedder is still undecided: say so, rather than probe.
    const fresh = await runCli(['memory', 'stats', '--json'], { cwd: root, env });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ files: 0, embedder: 'auto' });
    expect(server.requests).toEqual([]);

    expect((await runCli(['memory', 'index'], { cwd: root, env })).code).toBe(0);
    server.requests.length = 0;
    const stats = await runCli(['memory', 'stats', '--json'], { cwd: root, env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ files: 6, embedder: 'ollama:nomic-embed-text' });
    expect((await runCli(['memory', 'export'], { cwd: root, env })).code).toBe(0);
    expect((await runCli(['memory', 'forget', '--path', 'src/math/**'], { cwd: root, env })).code).toBe(0);
    expect(server.requests).toEqual([]);
  });
});

describe('memory in oryon fix (built CLI, fake Ollama)', () => {
  interface Recall {
    files: string[];
    chunks: Array<{ path: string; startLine: number; endLine: number; score: number }>;
    lessons: Array<{ runId: string; issue: string }>;
  }
  /** The same record as `oryon runs show ID --json` prints it: the context step's detail. */
  const shownRecall = async (root: string, env: Record<string, string>, runId: string): Promise<Recall> => {
    const shown = await runs(root, ['show', runId, '--json'], env);
    expect(shown.code, shown.stderr).toBe(0);
    const document = JSON.parse(shown.stdout) as { memory: Recall; steps: Array<{ kind: string; detail: { memory: Recall } }> };
    const recall = document.steps.find((step) => step.kind === 'context')!.detail.memory;
    // The run's story lifts it to the top level too.
    expect(document.memory).toEqual(recall);
    return recall;
  };
  const contextRecall = (env: Record<string, string>, runId: string): Recall => {
    const db = openDatabase(path.join(env.ORYON_HOME!, 'oryon.db'));
    try {
      const detail = db.prepare("SELECT detail_json FROM steps WHERE run_id = ? AND kind = 'context'").pluck().get(runId) as string;
      return (JSON.parse(detail) as { memory: Recall }).memory;
    } finally {
      db.close();
    }
  };

  it('the journal shows the retrieved chunks; a success becomes a lesson the next similar fix retrieves', async () => {
    const task = datasetRepo('py-fib');
    server = await startFakeOllama({
      replies: [{ content: planReply(['fib.py'], 'Start the sequence at 0') }, { content: task.solution }],
      embed: (texts) => texts.map((text) => Array.from(embedOffline(text))),
    });
    const env = fixEnv(server.url);
    const first = await fix(task.root, ['--json', task.issue], env);
    expect(first.code, first.stderr).toBe(0);
    const runId = (JSON.parse(first.stdout) as { run_id: string }).run_id;

    const recall = contextRecall(env, runId);
    expect(recall.chunks.length).toBeGreaterThan(0);
    expect(recall.files).toContain('fib.py');
    expect(recall.chunks[0]).toMatchObject({ path: expect.any(String), startLine: expect.any(Number), endLine: expect.any(Number) });
    expect(recall.lessons).toEqual([]);
    expect(server.requests.some((r) => r.path === '/api/embed')).toBe(true);
    // `oryon runs show --json` shows the user the same chunks, fib.py's among them.
    const shown = await shownRecall(task.root, env, runId);
    expect(shown).toEqual(recall);
    expect(shown.chunks.some((chunk) => chunk.path === 'fib.py' && chunk.startLine >= 1 && chunk.endLine >= chunk.startLine)).toBe(true);

    const exported = (await runCli(['memory', 'export'], { cwd: task.root, env })).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; runId?: string; files?: string[]; planSummary?: string });
    expect(exported.filter((r) => r.type === 'lesson')).toEqual([
      expect.objectContaining({ runId, files: ['fib.py'], planSummary: 'Start the sequence at 0' }),
    ]);

    // A similar issue later: the lesson is retrieved, journaled and shown to the planner.
    server.enqueue({ content: planReply(['fib.py']) }, { content: task.solution });
    const chatsBefore = server.chatRequests().length;
    const second = await fix(task.root, ['--json', '--mode', 'advisor', task.issue], env);
    expect(second.code, second.stderr).toBe(0);
    const secondId = (JSON.parse(second.stdout) as { run_id: string }).run_id;
    expect(contextRecall(env, secondId).lessons.map((l) => l.runId)).toEqual([runId]);
    const shownSecond = await shownRecall(task.root, env, secondId);
    expect(shownSecond.lessons).toEqual([{ runId, issue: task.issue, score: expect.any(Number) }]);
    expect(shownSecond.chunks.length).toBeGreaterThan(0);
    // And in words: the recalled chunks with their line ranges, and the lesson's run.
    const human = await runs(task.root, ['show', secondId], env);
    expect(human.stdout).toContain('Memory recall');
    expect(human.stdout).toMatch(/^ {2}fib\.py:\d+-\d+ {2}score \d\.\d{3}$/m);
    expect(human.stdout).toContain(`lesson from run ${runId}: ${task.issue.split('\n')[0]}`);
    const planPrompt = (server.chatRequests()[chatsBefore].messages as Array<{ content: string }>).map((m) => m.content).join('\n');
    expect(planPrompt).toContain('Start the sequence at 0');

    // Forgetting the run forgets its lesson too.
    const forgot = await runCli(['memory', 'forget', '--run', runId], { cwd: task.root, env });
    expect(forgot.code, forgot.stderr).toBe(0);
    const after = (await runCli(['memory', 'export'], { cwd: task.root, env })).stdout;
    expect(after).not.toContain(runId);
    // The advisor run committed nothing, so it taught nothing.
    expect(after).not.toContain('"type":"lesson"');
  }, 60_000);
});

/** A model server that takes the /api/tags probe and never answers it. */
async function silentServer(): Promise<{ url: string; asked: string[]; close: () => Promise<unknown> }> {
  const asked: string[] = [];
  const server = http.createServer((req) => asked.push(req.url ?? ''));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () => new Promise((resolve) => server.close(resolve).closeAllConnections()),
  };
}

describe('Ctrl-C while oryon looks for the embedding model (built CLI)', () => {
  it('memory index: exits 130 with one "interrupted" line', async () => {
    const silent = await silentServer();
    try {
      const root = makeRepo(FIXTURE_FILES);
      const child = spawn(process.execPath, [binPath, 'memory', 'index'], {
        cwd: root,
        env: isolatedEnv({ OLLAMA_HOST: silent.url }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      await waitFor(() => silent.asked.includes('/api/tags'), 20_000, 'the embedder probe');
      child.kill('SIGINT');
      expect(await closed, stderr).toBe(130);
      expect(stderr).toBe('oryon: interrupted; memory keeps what was indexed so far\n');
    } finally {
      await silent.close();
    }
  }, 60_000);

  it('fix: exits 130 with an "interrupted" message, not an unexpected error, and changes nothing', async () => {
    const silent = await silentServer();
    try {
      const task = datasetRepo('py-fib');
      const before = snapshot(task.root);
      const env = fixEnv(silent.url);
      const run = startFix(task.root, ['--json', task.issue], env);
      await waitFor(() => silent.asked.includes('/api/tags'), 20_000, 'the embedder probe');
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code, result.stderr).toBe(130);
      expect(result.stderr).toMatch(/^oryon: interrupted while looking for the embedding model; nothing was changed$/m);
      expect(result.stderr).not.toContain('unexpected error');
      expect(snapshot(task.root)).toEqual(before);
      expect(branches(task.root)).toEqual(['main']);
      const listed = await runs(task.root, ['list', '--json'], env);
      expect(JSON.parse(listed.stdout)).toEqual({ runs: [] });
    } finally {
      await silent.close();
    }
  }, 60_000);
});
