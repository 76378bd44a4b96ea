import { randomBytes } from 'node:crypto';
import type { ToolCallRecord } from '../agent-tools/session.js';
import { mapStrings } from '../guardrails/map-strings.js';
import type { Database } from '../store/db.js';
import { BadInputError } from '../errors.js';

// Chat threads in the same SQLite file as the run journal: a thread is its messages
// (user, assistant, the change turns' run ids, and an ask turn's tool calls as `tool`
// rows, since an ask is not a run) plus the working branch its changes are committed on.

export type MessageRole = 'user' | 'assistant' | 'system' | 'tool';

export interface ThreadRow {
  id: string;
  repo: string;
  title: string;
  model: string;
  mode: string;
  branch: string | null;
  base: string | null;
  created_at: number;
  updated_at: number;
}

export interface MessageRow {
  seq: number;
  role: MessageRole;
  content: string;
  run_id: string | null;
  tokens: number;
  created_at: number;
}

const UPDATABLE = ['branch', 'base', 'model', 'mode'] as const;

/** A tool result kept in the thread: enough to see what the model saw (as the journal keeps it for a run). */
const TOOL_RESULT_CHARS = 4000;

export class ThreadStore {
  /** With `guardrails.redact` on: what the thread stores, as the model saw it. */
  private redactor: ((text: string) => string) | undefined;

  constructor(private readonly db: Database) {}

  /**
   * Messages are stored through the session's redactor (the one its model uses), so no
   * secret or PII reaches the SQLite file; the same placeholders the model saw stand in.
   */
  setRedactor(redact: (text: string) => string): void {
    this.redactor = redact;
  }

  create(repo: string, model: string, mode: string): ThreadRow {
    const now = Date.now();
    const id = `t-${now.toString(36)}-${randomBytes(3).toString('hex')}`;
    this.db
      .prepare('INSERT INTO threads (id, repo, title, model, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, repo, '', model, mode, now, now);
    return this.get(id);
  }

  get(id: string): ThreadRow {
    const row = this.db.prepare('SELECT * FROM threads WHERE id = ?').get(id) as ThreadRow | undefined;
    if (!row) throw new BadInputError(`no chat thread ${id}`, { hint: 'oryon chat --list shows the threads of this repo' });
    return row;
  }

  /** By full id or unique prefix, within the repo. */
  find(repo: string, idOrPrefix: string): ThreadRow {
    const rows = this.db
      .prepare('SELECT * FROM threads WHERE repo = ? AND id LIKE ? ORDER BY updated_at DESC LIMIT 2')
      .all(repo, `${idOrPrefix.replace(/[%_]/g, '')}%`) as ThreadRow[];
    if (rows.length !== 1) {
      throw new BadInputError(rows.length ? `thread id ${idOrPrefix} is ambiguous` : `no chat thread ${idOrPrefix} in this repo`, {
        hint: 'oryon chat --list shows the threads of this repo',
      });
    }
    return rows[0]!;
  }

  latest(repo: string): ThreadRow | undefined {
    // A session that only ran commands (/help) left an empty thread: not one to resume.
    return this.db
      .prepare(
        'SELECT * FROM threads t WHERE repo = ? AND EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id) ORDER BY updated_at DESC, rowid DESC LIMIT 1',
      )
      .get(repo) as ThreadRow | undefined;
  }

  list(repo: string, limit = 50): Array<ThreadRow & { messages: number }> {
    return this.db
      .prepare(
        `SELECT * FROM (SELECT t.*, (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND m.role != 'tool') AS messages FROM threads t WHERE repo = ?) WHERE messages > 0 ORDER BY updated_at DESC LIMIT ?`,
      )
      .all(repo, limit) as Array<ThreadRow & { messages: number }>;
  }

  count(threadId: string): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE thread_id = ? AND role != 'tool'`).get(threadId) as { n: number }).n;
  }

  /** The last `limit` messages but tool calls, oldest first: what a turn's prompt carries, without reading a long thread whole. */
  recent(threadId: string, limit: number): MessageRow[] {
    const rows = this.db
      .prepare(`SELECT seq, role, content, run_id, tokens, created_at FROM messages WHERE thread_id = ? AND role != 'tool' ORDER BY seq DESC LIMIT ?`)
      .all(threadId, limit) as MessageRow[];
    return rows.reverse();
  }

  messages(threadId: string): MessageRow[] {
    return this.db
      .prepare('SELECT seq, role, content, run_id, tokens, created_at FROM messages WHERE thread_id = ? ORDER BY seq')
      .all(threadId) as MessageRow[];
  }

  /** One tool call of an ask turn, as a `tool` row of JSON: name, arguments, outcome, size, time, the result (cut). */
  addToolCall(threadId: string, call: ToolCallRecord): void {
    const result = call.result.length > TOOL_RESULT_CHARS ? `${call.result.slice(0, TOOL_RESULT_CHARS)}\n… (${call.result.length} characters)` : call.result;
    const row = {
      name: call.name,
      args: call.args,
      ok: call.ok,
      bytes: call.bytes,
      ms: Math.round(call.ms * 100) / 100,
      cached: call.cached,
      ...(call.error ? { error: call.error } : {}),
      result,
    };
    // Redacted leaf by leaf, so a placeholder never lands inside a JSON escape.
    this.insert(threadId, 'tool', JSON.stringify(this.redactor ? mapStrings(row, this.redactor) : row), {});
  }

  addMessage(threadId: string, role: MessageRole, content: string, extra: { runId?: string | null; tokens?: number } = {}): void {
    this.insert(threadId, role, this.redactor ? this.redactor(content) : content, extra);
  }

  private insert(threadId: string, role: MessageRole, content: string, extra: { runId?: string | null; tokens?: number }): void {
    const now = Date.now();
    const add = this.db.transaction(() => {
      const { next } = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM messages WHERE thread_id = ?').get(threadId) as { next: number };
      this.db
        .prepare('INSERT INTO messages (thread_id, seq, role, content, run_id, tokens, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(threadId, next, role, content, extra.runId ?? null, extra.tokens ?? 0, now);
      this.db
        .prepare(`UPDATE threads SET updated_at = ?, title = CASE WHEN title = '' AND ? = 'user' THEN substr(?, 1, 80) ELSE title END WHERE id = ?`)
        .run(now, role, content.split('\n')[0], threadId);
    });
    add();
  }

  update(threadId: string, fields: Partial<Pick<ThreadRow, 'branch' | 'base' | 'model' | 'mode'>>): void {
    for (const column of UPDATABLE) {
      if (fields[column] === undefined) continue;
      this.db.prepare(`UPDATE threads SET ${column} = ?, updated_at = ? WHERE id = ?`).run(fields[column], Date.now(), threadId);
    }
  }
}
