// `oryon chat` without a terminal: one message per line from stdin, answers on stdout,
// the fix loop's progress on stderr (the same lines `oryon fix` prints), --json as one
// event per line. Ends at EOF. SIGINT cancels the running turn; the session goes on.
import type { ApprovalAnswer, ApprovalRequest } from '../../core/agent/options.js';
import type { ChatEvent } from '../../core/chat/events.js';
import { ExitCode } from '../../core/errors.js';
import { approvalQuestion } from '../approval-question.js';
import { forTerminal } from '../../core/terminal/escape.js';
import { progress, styleErr } from '../output.js';
import { ProgressReporter } from '../progress.js';
import { LineReader } from './line-reader.js';
import { chatContext, type ChatFlags } from './setup.js';

export async function runLineMode(flags: ChatFlags): Promise<number> {
  const context = await chatContext(flags);
  const reader = new LineReader(process.stdin);
  const json = Boolean(flags.json);
  const emit = (event: ChatEvent): void => {
    if (json) process.stdout.write(`${JSON.stringify(event)}\n`);
  };
  const approve = async (request: ApprovalRequest): Promise<ApprovalAnswer> => {
    progress(
      `${stderr(request.diffstat.trim())}\ntests ${request.tests.passed ? 'passed' : 'not run'}${request.tests.command ? ` (${request.tests.command})` : ''}; gates ${request.gates}`,
    );
    for (;;) {
      if (request.action && request.action !== 'commit' && request.subject) progress(stderr(request.subject));
      progress(approvalQuestion(request));
      const answer = (await reader.next())?.trim().toLowerCase();
      if (answer === undefined || answer === 'n' || answer === 'no') return { answer: 'no' };
      if (answer === 'y' || answer === 'yes') return { answer: 'yes' };
      if ((request.action ?? 'commit') === 'commit' && (answer === 'e' || answer === 'edit')) {
        progress('what should change?');
        return { answer: 'edit', request: (await reader.next()) ?? '' };
      }
    }
  };
  const session = context.open(approve);
  let controller: AbortController | undefined;
  const onSigint = (): void => {
    if (controller && !controller.signal.aborted) {
      progress('cancelling the turn...');
      controller.abort();
    } else process.exit(ExitCode.interrupted);
  };
  process.on('SIGINT', onSigint);
  try {
    const start = session.start();
    emit(start);
    if (!json)
      progress(
        styleErr.dim(
          `chat ${start.type === 'session' ? start.threadId : ''}${start.type === 'session' && start.resumed ? ` (resumed, ${start.messages} messages)` : ''}; /help for commands`,
        ),
      );
    for (;;) {
      const line = await reader.next();
      if (line === undefined) return ExitCode.ok;
      controller = new AbortController();
      const reporter = new ProgressReporter({ spinner: false });
      let streamed = false;
      try {
        for await (const event of session.send(line, controller.signal)) {
          emit(event);
          if (json) continue;
          if (event.type === 'exit') return ExitCode.ok;
          streamed = printEvent(event, reporter, streamed);
        }
      } finally {
        reporter.close();
        controller = undefined;
      }
      if (json && line.trim() === '/exit') return ExitCode.ok;
    }
  } finally {
    process.off('SIGINT', onSigint);
    context.db.close();
  }
}

/** What the model or a sandboxed command wrote, made inert when it goes to a terminal (pipes keep the bytes). */
const stdout = (text: string): void => void process.stdout.write(forTerminal(text, process.stdout.isTTY));
const stderr = (text: string): string => forTerminal(text, process.stderr.isTTY);

/** Plain-text rendering; returns whether answer text is mid-stream on stdout. */
function printEvent(event: ChatEvent, reporter: ProgressReporter, streaming: boolean): boolean {
  switch (event.type) {
    case 'text':
      stdout(event.text);
      return true;
    case 'answer':
      if (!streaming) stdout(event.text);
      process.stdout.write('\n');
      if (event.citations.length) progress(styleErr.dim(`cites: ${event.citations.join(', ')}`));
      return false;
    case 'fix':
      if (event.event.type !== 'model-text') reporter.handle(event.event);
      return streaming;
    case 'tool-call':
      // An ask turn's tool call, on stderr like the fix loop's; text the model wrote before it ends its line.
      if (streaming) stdout('\n');
      reporter.handle(event);
      return false;
    case 'change-done': {
      const { result } = event;
      if (result.commit) stdout(`committed ${result.commit.slice(0, 10)} on ${result.branch}\n`);
      else if (result.status === 'succeeded') stdout(`${result.diff.trimEnd()}\n(advisor: nothing was written)\n`);
      else stdout(`not done: ${result.reason ?? result.status}\n`);
      return false;
    }
    case 'info':
      stdout(`${event.message}\n`);
      return false;
    case 'error':
      progress(styleErr.red(`oryon: ${stderr(event.message)}`));
      if (event.hint) progress(`hint: ${stderr(event.hint)}`);
      return false;
    case 'turn-start':
      progress(styleErr.dim(`(${event.kind}${event.forced ? '' : ', as the model read it'})`));
      return false;
    default:
      return streaming;
  }
}
