import { describe, expect, it } from 'vitest';
import { JsonEventLog } from '../../../src/core/observability/json-log.js';

describe('JsonEventLog', () => {
  it('writes one JSON object per event with run, trace, span, provider, model, tokens and latency', () => {
    const lines: string[] = [];
    const log = new JsonEventLog((line) => lines.push(line), { level: 'info', provider: 'openai-compatible', model: 'qwen', now: () => 0 });
    log.handle({ type: 'run-started', runId: 'r1', mode: 'operator', requestedMode: 'operator', model: 'qwen', base: 'abc', maxIterations: 4 });
    log.handle({ type: 'model-start', purpose: 'edit', iteration: 1, promptTokens: 900 });
    log.handle({ type: 'model-text', text: 'hidden at info' });
    log.handle({ type: 'model-done', purpose: 'edit', promptTokens: 950, completionTokens: 120, ms: 1800 });
    log.handle({ type: 'notice', message: 'careful' });
    const records = lines.map((line) => JSON.parse(line));
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    expect(records.map((r) => r.event)).toEqual(['run-started', 'model-start', 'model-done', 'notice']);
    const [started, modelStart, modelDone, notice] = records;
    expect(started).toMatchObject({ level: 'info', run_id: 'r1', provider: 'openai-compatible', model: 'qwen', ts: '1970-01-01T00:00:00.000Z' });
    expect(modelDone).toMatchObject({ step: 'edit', run_id: 'r1', tokens_in: 950, tokens_out: 120, latency_ms: 1800 });
    // One trace for the run; the model call's start and end share a span.
    expect(new Set(records.map((r) => r.trace_id)).size).toBe(1);
    expect(started.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(modelDone.span_id).toBe(modelStart.span_id);
    expect(notice.level).toBe('warn');
  });

  it('honours the level and redacts each line', () => {
    const lines: string[] = [];
    const log = new JsonEventLog((line) => lines.push(line), {
      level: 'debug',
      provider: 'ollama',
      model: 'm',
      redact: (text) => text.replace('s3cr3t', '<SECRET_1>'),
    });
    log.handle({ type: 'model-text', text: 'the s3cr3t value' });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'debug', text: 'the <SECRET_1> value' });
    const quiet: string[] = [];
    const warnOnly = new JsonEventLog((line) => quiet.push(line), { level: 'warn', provider: 'ollama', model: 'm' });
    warnOnly.handle({ type: 'iteration', iteration: 1, max: 4 });
    warnOnly.handle({ type: 'doom-loop', message: 'same edit three times' });
    expect(quiet.map((line) => JSON.parse(line).event)).toEqual(['doom-loop']);
  });
  it('redacts the event content but never the run id (digits of a run id can pass for a card number)', () => {
    const lines: string[] = [];
    const redact = (text: string) => text.replaceAll('20261205-090936-672', '<CARD_1>');
    const log = new JsonEventLog((line) => lines.push(line), { level: 'info', provider: 'ollama', model: 'm', redact });
    log.handle({
      type: 'run-started',
      runId: '20261205-090936-672e5a',
      mode: 'operator',
      requestedMode: 'operator',
      model: 'm',
      base: 'main',
      maxIterations: 3,
    });
    log.handle({ type: 'plan', plan: { summary: 'card 20261205-090936-672', files: [] } } as never);
    const [started, plan] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(started!.run_id).toBe('20261205-090936-672e5a');
    expect(plan).toMatchObject({ run_id: '20261205-090936-672e5a', summary: 'card <CARD_1>' });
  });
});
