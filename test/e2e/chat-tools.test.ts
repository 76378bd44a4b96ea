// `oryon chat` ask turns with the model tools, end to end: the built CLI in line mode
// against the fake Ollama. The (scripted) model greps and reads a file the question's
// context did not show, natively or by the plain-text fallback; the tool results reach
// the model, the calls show on stderr, the answer prints on stdout, nothing is written.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { DEFAULT_FAKE_MODELS, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { makeRepo, snapshot } from '../helpers/git-repo.js';
import { build } from './build.js';
import { fixEnv } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

const TOOL_MODELS = [{ ...DEFAULT_FAKE_MODELS[0]!, capabilities: ['completion', 'tools'] }, DEFAULT_FAKE_MODELS[1]!];
const ANSWER = 'Retries stop after `MAX_ATTEMPTS = 7`, set at `lib/tuning.py:3`.';

/** Decoys carry the question's words; the answer is in a file they never match. */
function repo(): string {
  const files: Record<string, string> = { 'lib/tuning.py': '# knobs\nBACKOFF_MS = 250\nMAX_ATTEMPTS = 7\n' };
  for (let i = 0; i < 8; i++) files[`src/retry_${i}.py`] = `# retry limit helper ${i}: the retry limit lives elsewhere\ndef retry_${i}():\n    return ${i}\n`;
  return makeRepo(files);
}

const messagesText = (request: { messages: Array<{ content: string }> }): string => request.messages.map((m) => m.content).join('\n');

describe('oryon chat ask turns with tools (e2e)', { timeout: 120_000 }, () => {
  it('native tool calls: grep then read_file, results sent back as tool messages, the answer printed', async () => {
    const root = repo();
    const before = snapshot(root);
    fake = await startFakeOllama({
      models: TOOL_MODELS,
      replies: [
        { toolCalls: [{ name: 'grep', arguments: { pattern: 'ATTEMPTS' } }] },
        { toolCalls: [{ name: 'read_file', arguments: { path: 'lib/tuning.py' } }] },
        { content: ANSWER },
      ],
    });
    const result = await runCli(['chat'], { cwd: root, env: fixEnv(fake.url), input: '/ask where is the retry limit set?\n' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(ANSWER);
    expect(result.stderr).toMatch(/tool: grep \{"pattern":"ATTEMPTS"\} → \d+ bytes/);
    expect(result.stderr).toMatch(/tool: read_file \{"path":"lib\/tuning.py"\} → \d+ bytes/);
    expect(result.stderr).toContain('cites: lib/tuning.py:3');

    const requests = fake.chatRequests();
    expect(requests).toHaveLength(3);
    expect(messagesText(requests[0])).not.toContain('MAX_ATTEMPTS');
    // Read-only tools, offered natively; the results went back as tool messages.
    expect(fake.offeredTools()[0]).toEqual(['read_file', 'list_dir', 'search_code', 'grep', 'git_log', 'git_show']);
    const tools = requests[2].messages.filter((m: { role: string }) => m.role === 'tool');
    expect(tools.map((m: { tool_name: string }) => m.tool_name)).toEqual(['grep', 'read_file']);
    expect(tools[0].content).toContain('lib/tuning.py:3: MAX_ATTEMPTS = 7');
    expect(tools[1].content).toContain('3| MAX_ATTEMPTS = 7');
    expect(snapshot(root)).toEqual(before);
  });

  it('plain-text fallback (no tools capability): the request line is parsed, never printed, and its result reaches the model', async () => {
    const root = repo();
    fake = await startFakeOllama({
      replies: [{ content: '{"tool": "read_file", "arguments": {"path": "lib/tuning.py", "start": 3, "end": 3}}' }, { content: ANSWER }],
    });
    const result = await runCli(['chat', '--json'], { cwd: root, env: fixEnv(fake.url), input: '/ask where is the retry limit set?\n' });
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    // The answer streams in chunks; the tool request before it (also streamed) never shows.
    expect([...new Set(events.map((e) => e.type))]).toEqual(['session', 'turn-start', 'tool-call', 'text', 'answer', 'turn-end']);
    expect(events[2]).toMatchObject({ type: 'tool-call', purpose: 'ask', name: 'read_file', ok: true });
    expect(
      events
        .filter((e) => e.type === 'text')
        .map((e) => e.text)
        .join(''),
    ).toBe(ANSWER);
    expect(events.find((e) => e.type === 'answer')).toMatchObject({ text: ANSWER, citations: ['lib/tuning.py:3'] });
    const requests = fake.chatRequests();
    expect(fake.offeredTools()).toEqual([[], []]);
    expect(messagesText(requests[0])).toContain('To call tools, reply with nothing but one JSON object per line');
    expect(requests[1].messages.at(-1).content).toMatch(/^Tool results:\n\n\[read_file .*\]\nlib\/tuning.py \(lines 3-3 of 3\)\n3\| MAX_ATTEMPTS = 7/);
  });
});
