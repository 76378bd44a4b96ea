// Ask turns with the model tools: the scripted model finds a line that is not in the
// turn's initial context (grep, then read_file) and cites it; a path the policy hides is
// refused and journaled; with tools off (or capped off by the policy) nothing is offered.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { chatHarness, collect } from './fixture.js';

type Config = ReturnType<typeof loadConfig>['config'];
type Policy = ReturnType<typeof loadConfig>['policy'];

/** Decoys mention the question's words; the answer (MAX_ATTEMPTS) is in a file they never match. */
function repo(): string {
  const files: Record<string, string> = {
    'lib/tuning.ts': '// knobs\nexport const BACKOFF_MS = 250;\nexport const MAX_ATTEMPTS = 7;\n',
    '.env': 'API_TOKEN=do-not-read\n',
  };
  for (let i = 0; i < 6; i++)
    files[`src/retry-${i}.ts`] = `// retry limit helper ${i}: the retry limit lives elsewhere\nexport const retry${i} = () => ${i};\n`;
  return makeRepo(files);
}

const harness = chatHarness;

const text = (messages: Array<{ content: string }>): string => messages.map((m) => m.content).join('\n');

describe('ask turns with tools', () => {
  it('the model greps, reads a file not in the initial context, and cites it; read-only tools only, even under agent.tools: all', async () => {
    const root = repo();
    const { session, threads, model } = harness(
      root,
      [
        { content: '', toolCalls: [{ name: 'grep', arguments: { pattern: 'ATTEMPTS' } }] },
        { content: '', toolCalls: [{ name: 'read_file', arguments: { path: 'lib/tuning.ts' } }] },
        'The retry limit is `MAX_ATTEMPTS = 7` at `lib/tuning.ts:3`.',
      ],
      { info: { capabilities: ['completion', 'tools'] }, config: (config) => void (config.agent.tools = 'all') },
    );
    const events = await collect(session.send('/ask where is the retry limit set?'));
    expect(events.map((e) => e.type)).toEqual(['turn-start', 'tool-call', 'tool-call', 'text', 'answer', 'turn-end']);
    expect(events.filter((e) => e.type === 'tool-call')).toEqual([
      expect.objectContaining({ purpose: 'ask', name: 'grep', args: { pattern: 'ATTEMPTS' }, ok: true, cached: false }),
      expect.objectContaining({ purpose: 'ask', name: 'read_file', args: { path: 'lib/tuning.ts' }, ok: true }),
    ]);
    expect(events.find((e) => e.type === 'answer')).toMatchObject({ citations: ['lib/tuning.ts:3'] });

    // The first prompt did not carry the line; the tools brought it.
    expect(text(model.requests[0]!.messages)).not.toContain('MAX_ATTEMPTS');
    expect(model.requests[0]!.tools?.map((tool) => tool.name).sort()).toEqual(['git_log', 'git_show', 'grep', 'list_dir', 'read_file', 'search_code']);
    const results = model.requests[2]!.messages.filter((m) => m.role === 'tool');
    expect(results.map((m) => m.toolName)).toEqual(['grep', 'read_file']);
    expect(results[0]!.content).toContain('lib/tuning.ts:3: export const MAX_ATTEMPTS = 7;');
    expect(results[1]!.content).toContain('3| export const MAX_ATTEMPTS = 7;');

    // The thread keeps the calls as tool rows; the next turn's history leaves them out.
    const rows = threads.messages(session.threadId);
    expect(rows.map((m) => m.role)).toEqual(['user', 'tool', 'tool', 'assistant']);
    expect(JSON.parse(rows[1]!.content)).toMatchObject({
      name: 'grep',
      args: { pattern: 'ATTEMPTS' },
      ok: true,
      result: expect.stringContaining('MAX_ATTEMPTS'),
    });
    expect(threads.count(session.threadId)).toBe(2);
    expect(threads.recent(session.threadId, 8).map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('on the plain-text fallback a path the policy hides is refused, journaled, and the request line never shows as answer text', async () => {
    const root = repo();
    const { session, model, db } = harness(root, ['{"tool": "read_file", "arguments": {"path": ".env"}}', 'I may not read `.env`: the policy hides it.']);
    const events = await collect(session.send('/ask what is in .env?'));
    const call = events.find((e) => e.type === 'tool-call');
    expect(call).toMatchObject({ name: 'read_file', ok: false, error: expect.stringMatching(/^refused by policy rule paths\.deny/) });
    const shown = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
    expect(shown).toBe('I may not read `.env`: the policy hides it.');
    expect(model.requests.every((request) => request.tools === undefined)).toBe(true);
    expect(text(model.requests[0]!.messages)).toContain('To call tools, reply with nothing but one JSON object per line');
    expect(model.requests[1]!.messages.at(-1)!.content).toMatch(/^Tool results:\n\n\[read_file \{"path":".env"\}\]\nerror: refused by policy rule/);
    expect(text(model.requests[1]!.messages)).not.toContain('do-not-read');
    const decisions = db.prepare(`SELECT run_id, kind, subject, allowed, rule FROM decisions WHERE repo = ?`).all(root);
    expect(decisions).toContainEqual({ run_id: null, kind: 'path', subject: '.env', allowed: 0, rule: expect.stringMatching(/^paths\.deny/) });
  });

  it('offers no tools with agent.tools off, nor when the policy caps tools off', async () => {
    const root = repo();
    for (const options of [
      { config: (config: Config) => void (config.agent.tools = 'off') },
      { policy: (policy: Policy) => void (policy.max_tools = 'off') },
    ]) {
      const { session, model, threads } = harness(root, ['It is somewhere in `lib/tuning.ts`.'], { info: { capabilities: ['tools'] }, ...options });
      const events = await collect(session.send('/ask where is the retry limit set?'));
      expect(events.map((e) => e.type)).toEqual(['turn-start', 'text', 'answer', 'turn-end']);
      expect(model.requests).toHaveLength(1);
      expect(model.requests[0]!.tools).toBeUndefined();
      expect(text(model.requests[0]!.messages)).not.toMatch(/call tools|call the tools/);
      expect(threads.messages(session.threadId).map((m) => m.role)).toEqual(['user', 'assistant']);
    }
  });
});
