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
    const instance = render(<ChatApp session={session} approvals={approvals} />, { exitOnCtrlC: false, maxFps: 30, incrementalRendering: true });
    await instance.waitUntilExit();
    return 0;
  } finally {
    context.db.close();
  }
}
