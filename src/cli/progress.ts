// Progress lines on stderr for `oryon fix` (and anything else that runs the loop):
// one line per event that matters, and a spinner while the model works when stderr is
// a TTY. Subscribes to the loop's events; the loop knows nothing of it.
import type { FixEvent } from '../core/agent/events.js';
import { escapeControl as safe } from '../core/terminal/escape.js';
import { styleErr } from './output.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Spinner on a TTY; forced off for tests. */
  spinner?: boolean;
}

export class ProgressReporter {
  private readonly stream: NodeJS.WriteStream;
  private readonly spin: boolean;
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private label = '';
  private streamedChars = 0;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.spin = options.spinner ?? Boolean(this.stream.isTTY);
  }

  handle(event: FixEvent): void {
    switch (event.type) {
      case 'run-started':
        return this.line(`run ${event.runId}: ${event.mode} mode, model ${event.model}, base ${event.base.slice(0, 10)}`);
      case 'notice':
        return this.line(styleErr.yellow(`note: ${safe(event.message)}`));
      case 'worktree':
        if (event.cleanedStale.length) this.line(`cleaned ${event.cleanedStale.length} stale worktree(s) from interrupted runs`);
        return this.line(styleErr.dim(`worktree: ${event.path}`));
      case 'environment':
        return this.line(styleErr.dim(`environment: ${event.shared.join(', ')} shared read-only${event.venv ? `; tests use ${event.venv}` : ''}`));
      case 'setup':
        return this.line(`setup: ${event.command}`);
      case 'context': {
        const omitted = event.omitted.length ? `; left out for space: ${safe(event.omitted.map((o) => o.path).join(', '))}` : '';
        return this.line(`context: ${event.files} files, ${event.shown.length} shown, ~${event.tokens} tokens${omitted}`);
      }
      case 'model-start':
        return this.startSpinner(
          event.purpose === 'plan'
            ? 'plan: waiting for the model'
            : event.purpose === 'edit'
              ? 'edit: waiting for the model'
              : 'edit: model is correcting its edit',
        );
      case 'model-text':
        this.streamedChars += event.text.length;
        return;
      case 'model-done':
        return this.stopSpinner();
      case 'tool-call': {
        const outcome = event.ok ? `${event.bytes} bytes${event.cached ? ', cached' : ''}` : styleErr.yellow(`error: ${safe(event.error ?? '')}`);
        return this.line(`tool: ${safe(event.name)} ${safe(JSON.stringify(event.args)).slice(0, 120)} → ${outcome} (${event.ms.toFixed(1)}ms)`);
      }
      case 'plan':
        return this.line(
          `plan: ${safe(event.plan.summary)} (confidence ${event.plan.confidence.toFixed(2)}; files: ${safe(event.plan.files.join(', ')) || 'none named'})`,
        );
      case 'iteration':
        return this.line(styleErr.bold(`iteration ${event.iteration}/${event.max}`));
      case 'edit':
        return this.line(`edit: ${event.files.length} file${event.files.length === 1 ? '' : 's'} (${safe(event.files.join(', '))})`);
      case 'edit-failed':
        return this.line(styleErr.yellow(`edit: not applied (attempt ${event.reflection}): ${firstLine(event.feedback)}`));
      case 'test-start':
        return this.startSpinner(`test: running ${safe(event.command.join(' '))}`, false);
      case 'test':
        this.stopSpinner();
        if (event.passed) return this.line(styleErr.green(`test: passed (${(event.durationMs / 1000).toFixed(1)}s)`));
        if (event.timedOut) return this.line(styleErr.red('test: timed out'));
        return this.line(styleErr.red(event.failed ? `test: ${event.failed} failed` : `test: failed (exit ${event.exitCode ?? 'signal'})`));
      case 'gates':
        return this.line(event.passed ? styleErr.green('gates: passed') : styleErr.red(`gates: blocked: ${firstLine(event.feedback)}`));
      case 'doom-loop':
        return this.line(styleErr.red(`stopped: ${safe(event.message)}`));
      case 'diff':
        return event.diffstat ? this.line(styleErr.dim(safe(event.diffstat.split('\n').pop() ?? ''))) : undefined;
      case 'commit':
        return this.line(styleErr.green(`commit: ${event.commit.slice(0, 10)} on ${event.branch}`));
      case 'approval':
        return this.line(`approval${event.action ? ` (${event.action})` : ''}: ${event.answer}`);
      case 'publish': {
        const label = event.action === 'open_pr' ? 'pr' : event.action === 'push-base' ? 'push' : event.action;
        return this.line(event.done ? styleErr.green(`${label}: ${safe(event.message)}`) : styleErr.yellow(`${label}: ${safe(event.message)}`));
      }
    }
  }

  /** Stop any spinner (call before printing results or on the way out). */
  close(): void {
    this.stopSpinner();
  }

  private line(text: string): void {
    this.clearSpinnerLine();
    this.stream.write(`${text}\n`);
  }

  private startSpinner(label: string, model = true): void {
    this.stopSpinner();
    this.label = label;
    this.streamedChars = 0;
    if (!this.spin) {
      if (!model) this.stream.write(`${label}\n`);
      return;
    }
    this.timer = setInterval(() => {
      this.frame = (this.frame + 1) % FRAMES.length;
      const received = this.streamedChars ? ` (${this.streamedChars} chars)` : '';
      this.stream.write(`\r\u001b[2K${FRAMES[this.frame]} ${this.label}${received}`);
    }, 100);
    this.timer.unref();
  }

  private stopSpinner(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.clearSpinnerLine();
    }
  }

  private clearSpinnerLine(): void {
    if (this.spin && this.timer) this.stream.write('\r\u001b[2K');
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return safe(line.length > 160 ? `${line.slice(0, 157)}...` : line);
}
