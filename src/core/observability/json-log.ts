// Structured logs: one JSON object per run event (`--log-format json` or
// ORYON_LOG_FORMAT=json), with the run id, step, trace and span ids, provider, model,
// tokens and latency — what a log pipeline indexes. ORYON_LOG picks the level.
import { randomBytes } from 'node:crypto';
import type { FixEvent } from '../agent/events.js';
import { mapStrings } from '../guardrails/map-strings.js';

export const LOG_LEVELS = ['debug', 'info', 'warn'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface JsonLogOptions {
  level: LogLevel;
  provider: string;
  model: string;
  /** Applied to every line: the run's redactor, so logs hold what the journal holds. */
  redact?: (text: string) => string;
  now?: () => number;
}

const LEVEL_OF: Partial<Record<FixEvent['type'], LogLevel>> = { 'model-text': 'debug', notice: 'warn', 'edit-failed': 'warn', 'doom-loop': 'warn' };
const STEP_OF: Partial<Record<FixEvent['type'], string>> = {
  context: 'context',
  environment: 'environment',
  setup: 'setup',
  plan: 'plan',
  edit: 'edit',
  'edit-failed': 'edit',
  'test-start': 'test',
  test: 'test',
  gates: 'gates',
  commit: 'commit',
};

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export class JsonEventLog {
  readonly traceId = hex(16);
  private runId: string | undefined;
  /** Open spans by what they time: a model call, a test run. */
  private spans = new Map<string, { id: string; started: number }>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly options: JsonLogOptions,
  ) {}

  handle(event: FixEvent): void {
    const level = LEVEL_OF[event.type] ?? 'info';
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(this.options.level)) return;
    const now = (this.options.now ?? Date.now)();
    if (event.type === 'run-started') this.runId = event.runId;
    const record: Record<string, unknown> = {
      ts: new Date(now).toISOString(),
      level,
      event: event.type,
      run_id: this.runId ?? null,
      trace_id: this.traceId,
      span_id: this.span(event, now),
      provider: this.options.provider,
      model: this.options.model,
    };
    const step = event.type === 'model-start' || event.type === 'model-done' ? event.purpose : STEP_OF[event.type];
    if (step) record.step = step;
    // Only the event's own content is redacted: a run id or timestamp is not a secret, and
    // the PII detector could take one for a card number (digits that pass Luhn by chance).
    const content = fields(event);
    Object.assign(record, this.options.redact ? mapStrings(content, this.options.redact) : content);
    if (event.type === 'model-done' || event.type === 'test') {
      const key = event.type === 'test' ? 'test' : 'model';
      const span = this.spans.get(key);
      record.latency_ms = event.type === 'test' ? event.durationMs : event.ms;
      if (span) this.spans.delete(key);
    }
    this.write(`${JSON.stringify(record)}\n`);
  }

  /** A model call or test run gets one span id from its start event to its end event. */
  private span(event: FixEvent, now: number): string {
    const key =
      event.type === 'model-start' || event.type === 'model-text' || event.type === 'model-done'
        ? 'model'
        : event.type === 'test-start' || event.type === 'test'
          ? 'test'
          : undefined;
    if (!key) return hex(8);
    let span = this.spans.get(key);
    if (!span || event.type === 'model-start' || event.type === 'test-start') {
      span = { id: hex(8), started: now };
      this.spans.set(key, span);
    }
    return span.id;
  }
}

/** The event's own figures, flattened; long texts (diffs, streamed text) kept short. */
function fields(event: FixEvent): Record<string, unknown> {
  switch (event.type) {
    case 'run-started':
      return { mode: event.mode, base: event.base, max_iterations: event.maxIterations };
    case 'model-start':
      return { iteration: event.iteration, tokens_in_estimate: event.promptTokens };
    case 'model-done':
      return { tokens_in: event.promptTokens, tokens_out: event.completionTokens };
    case 'model-text':
      return { text: event.text };
    case 'plan':
      return { summary: event.plan.summary, files: event.plan.files };
    case 'iteration':
      return { iteration: event.iteration, max: event.max };
    case 'edit':
      return { iteration: event.iteration, files: event.files };
    case 'edit-failed':
      return { iteration: event.iteration, reflection: event.reflection };
    case 'test-start':
      return { command: event.command };
    case 'test':
      return { passed: event.passed, failed: event.failed ?? null, exit_code: event.exitCode, timed_out: event.timedOut };
    case 'gates':
      return { passed: event.passed };
    case 'context':
      return { files: event.files, tokens: event.tokens };
    case 'notice':
    case 'doom-loop':
      return { message: event.message };
    case 'diff':
      return { diffstat: event.diffstat };
    case 'commit':
      return { branch: event.branch, commit: event.commit };
    case 'worktree':
      return { path: event.path };
    case 'environment':
      return { shared: event.shared };
    case 'setup':
      return { command: event.command };
    case 'approval':
      return { answer: event.answer };
    case 'tool-call':
      return { iteration: event.iteration, tool: event.name, ok: event.ok, bytes: event.bytes, latency_ms: event.ms, cached: event.cached };
    case 'publish':
      return { action: event.action, done: event.done, message: event.message, ...(event.url ? { url: event.url } : {}) };
  }
}
