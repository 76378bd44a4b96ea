import type { ApprovalAnswer, ApprovalPort, ApprovalRequest } from '../../core/agent/options.js';

/** The session's approval port, answered by the screen: the core awaits, the UI shows the question and resolves it. */
export class ApprovalBridge {
  private listener: ((request: ApprovalRequest, resolve: (answer: ApprovalAnswer) => void) => void) | undefined;

  readonly port: ApprovalPort = (request) =>
    new Promise((resolve) => {
      if (!this.listener) return resolve({ answer: 'no' });
      this.listener(request, resolve);
    });

  subscribe(listener: (request: ApprovalRequest, resolve: (answer: ApprovalAnswer) => void) => void): () => void {
    this.listener = listener;
    return () => {
      if (this.listener === listener) this.listener = undefined;
    };
  }
}
