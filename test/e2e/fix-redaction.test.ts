// Redaction end to end: secrets and PII planted in the issue, a file and the test output
// never reach the model server's recorded requests nor the run journal, and the model's
// placeholders come back as the original values in the committed edit.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.js';
import { datasetRepo, git, makeDirty, snapshot } from '../helpers/git-repo.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, userConfig } from './fix-helpers.js';

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
beforeAll(build, 120_000);

const AWS = 'AKIAZ3MPLQ7RT5WXY2VB';
const EMAIL = 'jane.doe@corp-mail.io';
const CARD = '4539 1488 0343 6467';
const PRIVATE_IP = '10.20.30.40';

describe('redaction (e2e)', () => {
  it('no planted secret or PII reaches the model or the journal; placeholders restore on apply', async () => {
    const task = datasetRepo('py-fib');
    // A file excerpt with PII, and a test whose failure output prints a private address.
    writeFileSync(path.join(task.root, 'fib.py'), `# billing contact card on file: ${CARD}\n${readFileSync(path.join(task.root, 'fib.py'), 'utf8')}`);
    writeFileSync(path.join(task.root, 'test_fib.py'), `${readFileSync(path.join(task.root, 'test_fib.py'), 'utf8')}\nprint("connecting to ${PRIVATE_IP}")\n`);
    git(task.root, 'add', '-A');
    git(task.root, 'commit', '-qm', 'planted data');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const issue = `${task.issue}\nReported by ${EMAIL}; the deploy key ${AWS} was in the logs.`;

    let emailPlaceholder = '';
    server = await startFakeOpenAI({
      respond: (body) => {
        const text = JSON.stringify(body.messages);
        emailPlaceholder ||= /<EMAIL_\d+>/.exec(text)?.[0] ?? '';
        if (body.response_format) return { content: planReply(['fib.py']) };
        // The edit credits the reporter through the placeholder it was shown.
        return { content: task.solution.replace('def fib(n):', `# reported by ${emailPlaceholder}\ndef fib(n):`) };
      },
    });
    const env = fixEnv('http://127.0.0.1:9');
    userConfig(
      env,
      `model:\n  provider: openai-compatible\n  base_url: ${server.baseUrl}\n  name: qwen2.5-coder-7b\nguardrails:\n  redact: secrets+pii\nmemory:\n  embedder: ollama\n`,
    );
    const logFile = path.join(env.HOME!, 'oryon-log.jsonl');
    const result = await fix(task.root, ['--json', '--log-format', 'json', '--log-file', logFile, issue], env);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(snapshot(task.root)).toEqual(before);

    // Nothing planted in any request the server received; the placeholders were.
    const sent = JSON.stringify(server.requests.map((request) => request.body));
    for (const planted of [AWS, EMAIL, CARD, PRIVATE_IP]) expect(sent).not.toContain(planted);
    expect(emailPlaceholder).toMatch(/^<EMAIL_\d+>$/);
    expect(sent).toContain('<SECRET_1>');
    expect(sent).toMatch(/<CARD_\d+>/);
    // The issue embedded for memory recall went out redacted too.
    const embedded = JSON.stringify(server.requests.filter((request) => request.path === '/v1/embeddings').map((request) => request.body));
    expect(embedded).toContain('<SECRET_1>');

    // The JSON log: one object per event, redacted like the journal.
    const log = readFileSync(logFile, 'utf8');
    const records = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records[0]).toMatchObject({ event: 'run-started', run_id: doc.run_id, provider: 'openai-compatible', model: 'qwen2.5-coder-7b' });
    expect(records.find((r) => r.event === 'model-done' && r.step === 'edit')).toMatchObject({
      run_id: doc.run_id,
      tokens_out: expect.any(Number),
      latency_ms: expect.any(Number),
    });
    for (const planted of [AWS, EMAIL, CARD, PRIVATE_IP]) expect(log).not.toContain(planted);

    // The committed edit has the original address back, not the placeholder.
    const committed = git(task.root, 'show', `${doc.branch}:fib.py`);
    expect(committed).toContain(`# reported by ${EMAIL}`);
    expect(committed).not.toContain('<EMAIL_');

    // The SQLite files' bytes: neither the issue's secret nor its e-mail, anywhere.
    const state = env.ORYON_HOME!;
    const dbFiles = readdirSync(state).filter((name) => /\.db(-wal|-shm)?$/.test(name));
    expect(dbFiles.length).toBeGreaterThan(0);
    for (const name of dbFiles) {
      const bytes = readFileSync(path.join(state, name));
      for (const planted of [AWS, EMAIL]) expect(bytes.includes(Buffer.from(planted)), `${planted} in ${name}`).toBe(false);
    }
    // The journal tables hold none of the planted values (the repo's own files, card
    // included, are in memory's code index by design: it is the repo, not a prompt).
    const db = new Database(
      path.join(
        state,
        dbFiles.find((name) => name.endsWith('.db'))!,
      ),
      { readonly: true },
    );
    const journal = JSON.stringify([db.prepare('SELECT * FROM runs').all(), db.prepare('SELECT * FROM steps').all()]);
    db.close();
    for (const planted of [AWS, EMAIL, CARD, PRIVATE_IP]) expect(journal).not.toContain(planted);
    expect(journal).toContain('<SECRET_1>');
  }, 120_000);
});
