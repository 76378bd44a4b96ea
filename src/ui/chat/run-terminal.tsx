// `oryon chat` on a terminal: the ink app over the session. Loaded only for chat, so
// other commands never pay for ink and React.
import { render } from 'ink';
import type { EarlyScreen } from '../../cli/chat/early-screen.js';
import { chatContext, type ChatFlags } from '../../cli/chat/setup.js';
import { ApprovalBridge } from './approval-bridge.js';
import { ChatApp } from './chat-app.js';

export async function runTerminal(flags: ChatFlags, early?: EarlyScreen): Promise<number> {
  const context = await chatContext(flags, { screen: true });
  const approvals = new ApprovalBridge();
  const session = context.open(approvals.port);
  try {
    early?.handOver();
    // Not ink's incrementalRendering: its line diff is anchored to the bottom of the last
    // frame, and each <Static> write above the live area moves that anchor, so in a real
    // terminal old prompt and spinner rows stayed on screen (test/e2e/chat-tmux.test.ts).
    const instance = render(<ChatApp session={session} approvals={approvals} />, { exitOnCtrlC: false, maxFps: 30 });
    await instance.waitUntilExit();
    return 0;
  } finally {
    context.db.close();
  }
}
