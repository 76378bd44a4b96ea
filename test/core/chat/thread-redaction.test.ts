// The thread store with a redactor (guardrails.redact on): messages and tool rows are
// stored as the model saw them, never with the secret or the e-mail in them.
import { describe, expect, it } from 'vitest';
import type { ToolCallRecord } from '../../../src/core/agent-tools/session.js';
import { ThreadStore } from '../../../src/core/chat/thread-store.js';
import { Redactor } from '../../../src/core/guardrails/redactor.js';
import { databasePath, openDatabase } from '../../../src/core/store/db.js';
import { tempDir } from '../../helpers/git-repo.js';
import { githubToken } from '../../helpers/secret-tokens.js';

const TOKEN = githubToken();
const EMAIL = 'jane.doe@corp-mail.io';

describe('ThreadStore redaction', () => {
  it('stores user, assistant and tool rows redacted (tool rows leaf by leaf, still JSON); the title too', () => {
    const db = openDatabase(databasePath(tempDir('oryon-home-')));
    const threads = new ThreadStore(db);
    const redactor = new Redactor('secrets+pii');
    threads.setRedactor((text) => redactor.redact(text));
    const thread = threads.create('/repo', 'm', 'operator');
    threads.addMessage(thread.id, 'user', `${EMAIL} leaked ${TOKEN}`);
    const call: ToolCallRecord = {
      name: 'grep',
      args: { pattern: TOKEN },
      ok: true,
      result: `config/ci.yml:3: token: "${TOKEN}"\\n`,
      bytes: 60,
      ms: 1.234,
      cached: false,
      decisions: [],
    };
    threads.addToolCall(thread.id, call);
    threads.addMessage(thread.id, 'assistant', `Rotate ${TOKEN}.`);
    const rows = threads.messages(thread.id);
    expect(rows.map((row) => row.content)).toEqual([
      '<EMAIL_1> leaked <SECRET_1>',
      JSON.stringify({
        name: 'grep',
        args: { pattern: '<SECRET_1>' },
        ok: true,
        bytes: 60,
        ms: 1.23,
        cached: false,
        result: 'config/ci.yml:3: token: "<SECRET_1>"\\n',
      }),
      'Rotate <SECRET_1>.',
    ]);
    expect(threads.get(thread.id).title).toBe('<EMAIL_1> leaked <SECRET_1>');
    // Tool rows are not history, nor counted as messages.
    expect(threads.recent(thread.id, 8).map((row) => row.role)).toEqual(['user', 'assistant']);
    expect(threads.count(thread.id)).toBe(2);
    db.close();
  });
});
