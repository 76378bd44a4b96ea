// The chat screen's pieces. They render view state only; keys go back through the app.
// Everything the model or a sandboxed command wrote goes through `safe`: an escape
// sequence in a reply or test output must not move the cursor, retitle the terminal or
// write the clipboard.
import { Box, Text } from 'ink';
import type { ApprovalRequest } from '../../core/agent/options.js';
import { approvalQuestion } from '../../cli/approval-question.js';
import { escapeControl as safe } from '../../core/terminal/escape.js';
import { liveTail } from './screen-rows.js';
import type { ChatViewState, PlanView, TurnView } from './view-state.js';

const TONES = { normal: undefined, good: 'green', bad: 'red', dim: 'gray' } as const;
/** Long output is folded on screen; `oryon runs show` has all of it. */
const MAX_LINES = 40;

export function fold(text: string, max = MAX_LINES): string {
  const lines = text.split('\n');
  return lines.length <= max ? text : [...lines.slice(0, max - 1), `… ${lines.length - max + 1} more lines (oryon runs show has them all)`].join('\n');
}

export function PlanChecklist({ plan }: { plan: PlanView }) {
  return (
    <Box flexDirection="column">
      <Text bold>plan: {safe(plan.summary)}</Text>
      {plan.steps.map((step, index) => (
        <Text key={index} color={index < plan.ticked ? 'green' : undefined}>
          {index < plan.ticked ? '  [x] ' : '  [ ] '}
          {safe(step)}
        </Text>
      ))}
    </Box>
  );
}

export function DiffView({ diff }: { diff: string }) {
  const lines = fold(safe(diff.trimEnd())).split('\n');
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <Text
          key={index}
          color={
            line.startsWith('+') && !line.startsWith('+++')
              ? 'green'
              : line.startsWith('-') && !line.startsWith('---')
                ? 'red'
                : line.startsWith('@@')
                  ? 'cyan'
                  : undefined
          }
        >
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}

/** A turn; `columns` is given for the running one, whose streamed text shows only its last rows. */
export function TurnBlock({ turn, columns }: { turn: TurnView; columns?: number }) {
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text color="cyan">› {safe(turn.input)}</Text>
      {turn.plan ? <PlanChecklist plan={turn.plan} /> : null}
      {turn.lines.map((line, index) => (
        <Text key={index} color={TONES[line.tone]}>
          {safe(line.text)}
        </Text>
      ))}
      {turn.text ? <Text>{columns === undefined ? fold(safe(turn.text)) : liveTail(safe(turn.text), columns)}</Text> : null}
      {turn.diff ? <DiffView diff={turn.diff} /> : null}
      {turn.outcome ? <Text color={TONES[turn.outcome.tone]}>{safe(turn.outcome.text)}</Text> : null}
    </Box>
  );
}

export function ApprovalPrompt({ request, editing, draft }: { request: ApprovalRequest; editing: boolean; draft: string }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text>{safe(request.diffstat.trim()) || '(no diffstat)'}</Text>
      <Text>
        tests {request.tests.passed ? 'passed' : 'not run'}
        {request.tests.command ? ` (${request.tests.command})` : ''}; gates {request.gates}
      </Text>
      {request.action && request.action !== 'commit' ? <Text>{safe(request.subject ?? '')}</Text> : null}
      {editing ? <Text>what should change? {draft}█</Text> : <Text bold>{approvalQuestion(request)}</Text>}
    </Box>
  );
}

export function StatusLine({
  status,
  busySince,
  numCtx,
  now,
}: {
  status: ChatViewState['status'];
  busySince: number | undefined;
  numCtx: number;
  now: number;
}) {
  const spinner = busySince === undefined ? '' : `${'⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[Math.floor(now / 100) % 10]} ${(Math.max(0, now - busySince) / 1000).toFixed(1)}s  `;
  return (
    <Text color="gray">
      {spinner}
      {status.model} · {status.mode} · {status.branch ?? 'no branch yet'} · context {status.contextTokens}/{numCtx} · {status.tokens} tokens · model{' '}
      {(status.modelMs / 1000).toFixed(1)}s
    </Text>
  );
}
