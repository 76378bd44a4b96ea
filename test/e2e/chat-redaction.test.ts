// Redaction of chat threads, end to end: with guardrails.redact on, a GitHub token and an
// e-mail planted in chat messages reach neither the model server nor the SQLite files
// (WAL included): the thread stores the messages and the ask turn's tool calls as the
// model saw them, with placeholders.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { DEFAULT_FAKE_MODELS, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { makeRepo } from '../helpers/git-repo.js';
import { githubToken } from '../helpers/secret-tokens.js';
import { build } from './build.js';
import { fixEnv, planReply, userConfig, waitFor } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

const TOKEN = githubToken();
const DEPLOY_FIXED = 'import os\n\n\ndef deploy():\n    return os.environ["DEPLOY_TOKEN"]\n';
const EMAIL = 'jane.doe@corp-mail.io';

const dbFiles = (state: string): string[] => readdirSync(state).filter((name) => /\.db(-wal|-shm)?$/.test(name));
const plantedIn = (file: string): string[] => {
  const bytes = readFileSync(file);
  return [TOKEN, EMAIL].filter((planted) => bytes.includes(Buffer.from(planted)));
};

describe('chat thread redaction (e2e)', { timeout: 120_000 }, () => {
  it('no planted token or e-mail in the recorded requests nor in the SQLite files; placeholders in the thread', async () => {
    const root = makeRepo({ 'app/deploy.py': 'def deploy(token):\n    return token\n' });
    fake = await startFakeOllama({
      models: [{ ...DEFAULT_FAKE_MODELS[0]!, capabilities: ['completion', 'tools'] }, DEFAULT_FAKE_MODELS[1]!],
      respond: (body, index) => {
        // Chat requests 2 and on are the change turn's: its plan, then its edit.
        if (index === 2) return { content: planReply(['app/deploy.py'], 'Read the deploy token from the environment') };
        if (index > 2) return { content: `app/deploy.py\n\`\`\`\n${DEPLOY_FIXED}\`\`\`\n` };
        const text = JSON.stringify(body.messages);
        const secret = /<SECRET_\d+>/.exec(text)?.[0] ?? '?';
        const email = /<EMAIL_\d+>/.exec(text)?.[0] ?? '?';
        // First a tool call whose argument names the placeholder (a search for the token), then the answer quoting both.
        if (!body.messages.some((m: { role: string }) => m.role === 'tool')) return { toolCalls: [{ name: 'grep', arguments: { pattern: secret } }] };
        return { content: `Rotate ${secret} and tell ${email}; \`app/deploy.py:1\` takes the token.` };
      },
    });
    const env = fixEnv(fake.url);
    userConfig(env, 'guardrails:\n  redact: secrets+pii\ntest:\n  command: python3 -c pass\n');
    // The session stays open while the SQLite files are read: its WAL holds the turn's writes.
    const child = spawn(process.execPath, [binPath, 'chat'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write(`/ask ${EMAIL} pasted the deploy token ${TOKEN} in a ticket; where is it used?\n`);
    await waitFor(() => stderr.includes('cites:'), 30_000, 'the answer');
    const state = env.ORYON_HOME!;
    const open = dbFiles(state);
    const wal = open.find((name) => name.endsWith('-wal'));
    // The turn's rows are in the WAL (as placeholders), so the byte check below looks at them.
    expect(wal && readFileSync(path.join(state, wal)).includes(Buffer.from('<SECRET_1> in a ticket'))).toBe(true);
    for (const name of open) expect(plantedIn(path.join(state, name)), name).toEqual([]);
    // A change turn naming both: its run's journal is redacted too (the commit is declined).
    child.stdin.write(`/fix ${EMAIL} says ${TOKEN} must not be passed around; read it from the environment\n`);
    await waitFor(() => stderr.includes('commit?'), 60_000, 'the approval question');
    child.stdin.write('n\n');
    await waitFor(() => stdout.includes('not done:'), 30_000, 'the change turn to end');
    child.stdin.end();
    expect(await closed, stderr).toBe(0);
    // The answer streams as the model wrote it, placeholders and all (redacting-model.ts).
    expect(stdout).toContain('Rotate <SECRET_1> and tell <EMAIL_1>;');
    expect(stderr).toMatch(/tool: grep/);

    // Nothing planted in any request the server received (chat, embeddings, all); the placeholders were.
    const sent = JSON.stringify(fake.requests.map((request) => request.body));
    for (const planted of [TOKEN, EMAIL]) expect(sent).not.toContain(planted);
    expect(sent).toContain('<SECRET_1>');
    expect(sent).toContain('<EMAIL_1>');

    // And after the session closed (the WAL checkpointed into the database file).
    const files = dbFiles(state);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(plantedIn(path.join(state, name)), name).toEqual([]);
    const db = new Database(
      path.join(
        state,
        files.find((name) => name.endsWith('.db'))!,
      ),
      { readonly: true },
    );
    const rows = db.prepare('SELECT role, content FROM messages ORDER BY id').all() as Array<{ role: string; content: string }>;
    const title = (db.prepare('SELECT title FROM threads').get() as { title: string }).title;
    const journal = JSON.stringify([db.prepare('SELECT * FROM runs').all(), db.prepare('SELECT * FROM steps').all()]);
    db.close();
    expect(journal).toContain('<SECRET_1> must not be passed around');
    expect(rows.map((row) => row.role)).toEqual(['user', 'tool', 'assistant', 'user', 'assistant']);
    expect(rows[0]!.content).toBe('<EMAIL_1> pasted the deploy token <SECRET_1> in a ticket; where is it used?');
    expect(title).toBe(rows[0]!.content);
    expect(JSON.parse(rows[1]!.content)).toMatchObject({ name: 'grep', args: { pattern: '<SECRET_1>' } });
    expect(rows[2]!.content).toBe('Rotate <SECRET_1> and tell <EMAIL_1>; `app/deploy.py:1` takes the token.');
  });
});
