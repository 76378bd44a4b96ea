import type { SandboxRequest, SandboxRunner } from '../sandbox/types.js';

/**
 * The run's sandbox, plus the command lines a person approved (`approvals.command: ask`):
 * a request with exactly an approved argv carries the approval, so the sandbox runs it
 * although commands.allow does not list it. Nothing else changes.
 */
export class ApprovingRunner implements SandboxRunner {
  private readonly approved = new Map<string, string>();

  constructor(private readonly inner: SandboxRunner) {}

  get isolation(): SandboxRunner['isolation'] {
    return this.inner.isolation;
  }

  approve(argv: readonly string[], by: string): void {
    this.approved.set(JSON.stringify(argv), by);
  }

  run(request: SandboxRequest): ReturnType<SandboxRunner['run']> {
    const by = this.approved.get(JSON.stringify(request.argv));
    return this.inner.run(by === undefined ? request : { ...request, approvedBy: by });
  }
}
