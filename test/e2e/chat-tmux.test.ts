// `oryon chat` in a real terminal (tmux): the prompt appears, a streamed reply shows,
// Esc cancels a running turn, /exit ends the session with exit 0.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { datasetRepo } from '../helpers/git-repo.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';
import { build } from './build.js';
import { fixEnv } from './fix-helpers.js';

let fake: FakeOllama | undefined;
let term: TmuxSession | undefined;
afterEach(async () => {
  term?.close();
  term = undefined;
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

/** Each frame replaced the last: the message shows once, one status line, no stale spinner rows. */
function expectCleanScreen(screen: string, message: string): void {
  const lines = screen.split('\n');
  expect(lines.filter((line) => line === message)).toHaveLength(1);
  expect(lines.filter((line) => line.includes('operator · no branch yet'))).toHaveLength(1);
  expect(screen).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \d/);
}

describe.skipIf(!tmuxAvailable)('oryon chat in a terminal (tmux)', { timeout: 180_000 }, () => {
  it('shows the prompt, streams a reply, cancels with Esc, exits with /exit', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const ask = { content: JSON.stringify({ kind: 'ask' }) };
    fake = await startFakeOllama({
      replies: [
        ask,
        { chunks: ['The rule ', 'is in ', '`fizzbuzz.py:3`', ' and the tests in test_fizzbuzz.py.'], chunkDelayMs: 150 },
        ask,
        { content: 'never shown', firstTokenDelayMs: 60_000 },
      ],
    });
    // CI=true as on a CI machine: a person at a terminal still gets the live screen.
    term = new TmuxSession(['node', binPath, 'chat'], task.root, fixEnv(fake.url, { TERM: 'xterm-256color', CI: 'true' }));
    // Generous: the first start under a loaded CI machine reads every module from a cold disk cache.
    await term.waitFor((screen) => /operator · no branch yet/.test(screen), 'the prompt and status line', 90_000);

    term.type('where is the fizzbuzz rule?');
    term.send('Enter');
    await term.waitFor((screen) => screen.includes('The rule is in'), 'the first streamed words');
    const answered = await term.waitFor(
      (screen) => screen.includes('tests in test_fizzbuzz.py.') && screen.includes('cites fizzbuzz.py:3'),
      'the whole answer',
    );
    expect(answered).toContain('› where is the fizzbuzz rule?');
    expectCleanScreen(answered, '› where is the fizzbuzz rule?');

    term.type('and the buzz rule?');
    term.send('Enter');
    await term.waitFor(() => fake!.chatRequests().length >= 4, 'the second answer request', 30_000);
    await term.waitFor((screen) => /…\s/.test(screen), 'the busy prompt');
    term.send('Escape');
    await term.waitFor((screen) => screen.includes('cancelled'), 'the cancelled turn');
    // The model stream was really cancelled: the server saw the client go away.
    const chats = () => fake!.requests.filter((r) => r.path === '/api/chat');
    await term.waitFor(() => chats()[3]?.aborted === true, 'the aborted request', 10_000);

    term.type('/exit');
    term.send('Enter');
    await term.waitFor((screen) => screen.includes('EXIT=0'), 'exit 0');
  });

  it('keeps what is typed while the session is still loading: the prompt is live from the first frame', async () => {
    const task = datasetRepo('py-fizzbuzz');
    fake = await startFakeOllama({
      replies: [{ content: JSON.stringify({ kind: 'ask' }) }, { chunks: ['The rule ', 'is in `fizzbuzz.py:3`.'], chunkDelayMs: 50 }],
    });
    term = new TmuxSession(['node', binPath, 'chat'], task.root, fixEnv(fake.url, { TERM: 'xterm-256color' }));
    // The early frame: drawn before ink and the session load.
    await term.waitFor((screen) => screen.includes('oryon chat · starting'), 'the early prompt', 90_000);
    term.type('where is the ru');
    term.send('BSpace');
    term.type('ule?');
    term.send('Enter');
    const answered = await term.waitFor((screen) => screen.includes('cites fizzbuzz.py:3'), 'the answer to the early message', 90_000);
    expect(answered).toContain('› where is the rule?');
    expectCleanScreen(answered, '› where is the rule?');
    expect(fake.chatRequests().at(-1)?.messages.at(-1)?.content).toContain('where is the rule?');
    term.type('/exit');
    term.send('Enter');
    await term.waitFor((screen) => screen.includes('EXIT=0'), 'exit 0');
  });
});
