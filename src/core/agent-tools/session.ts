// One step's tool calls: the bounds (agent.max_tool_calls, the step's share of the
// context), the cache that answers a repeated identical call, and a record of each call
// for the journal and the event stream.
import { InterruptedError, isAbortError } from '../errors.js';
import type { Decision } from '../policy/decide.js';
import { estimateTokens } from '../model/token-budget.js';
import type { ToolCall, ToolSpec } from '../model/types.js';
import { ToolError, type ToolContext, type ToolDefinition } from './types.js';

export interface ToolCallRecord {
  name: string;
  args: Record<string, unknown>;
  ok: boolean;
  /** What the model is given back. */
  result: string;
  /** Size of the result in bytes (UTF-8), before any cut for the budget. */
  bytes: number;
  ms: number;
  /** Answered from this step's cache. */
  cached: boolean;
  /** Why the call failed, in one line. */
  error?: string;
  /** Policy decisions the call took (a refused path, a refused command, an MCP tool allowed). */
  decisions: Decision[];
}

export interface SessionLimits {
  /** agent.max_tool_calls. */
  maxCalls: number;
  /** Tokens of tool results this step may add to the conversation. */
  resultTokens: number;
}

/** Below this many tokens left, a result is not worth sending. */
const MIN_RESULT_TOKENS = 64;

export class ToolSession {
  private readonly byName: Map<string, ToolDefinition>;
  private readonly cache = new Map<string, { ok: boolean; text: string; error?: string }>();
  private usedTokens = 0;
  calls = 0;

  constructor(
    readonly tools: readonly ToolDefinition[],
    private readonly context: ToolContext,
    readonly limits: SessionLimits,
  ) {
    this.byName = new Map(tools.map((tool) => [tool.name, tool]));
  }

  /** What the model is offered. */
  specs(): ToolSpec[] {
    return this.tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.parameters }));
  }

  get limitReached(): boolean {
    return this.calls >= this.limits.maxCalls;
  }

  async call(call: ToolCall): Promise<ToolCallRecord> {
    const started = performance.now();
    const args = call.arguments;
    const record = (ok: boolean, text: string, extra: Partial<ToolCallRecord> = {}): ToolCallRecord => {
      const bytes = Buffer.byteLength(text);
      return { name: call.name, args, ok, result: this.fit(text), bytes, ms: performance.now() - started, cached: false, decisions: [], ...extra };
    };
    if (this.limitReached) {
      const error = `tool call limit reached (agent.max_tool_calls is ${this.limits.maxCalls}); answer now with what you know`;
      return record(false, `error: ${error}`, { error });
    }
    this.calls++;
    const tool = this.byName.get(call.name);
    if (!tool) {
      const error = `unknown tool ${JSON.stringify(call.name)}; the tools are: ${[...this.byName.keys()].join(', ') || 'none'}`;
      return record(false, `error: ${error}`, { error });
    }
    const decisions: Decision[] = tool.allowedBy
      ? [{ allowed: true, kind: 'tool', subject: tool.name, rule: tool.allowedBy, reason: `${tool.source ?? 'tool'} ${tool.name} is allowed` }]
      : [];
    const key = `${call.name}\0${stableJson(args)}`;
    const hit = this.cache.get(key);
    if (hit) return record(hit.ok, hit.text, { cached: true, decisions, ...(hit.error ? { error: hit.error } : {}) });

    try {
      const text = await tool.invoke(args, this.context);
      this.cache.set(key, { ok: true, text });
      return record(true, text, { decisions });
    } catch (error) {
      if (this.context.signal?.aborted || isAbortError(error) || error instanceof InterruptedError) throw error;
      const message = error instanceof ToolError ? error.message : `${tool.name} failed: ${(error as Error)?.message ?? String(error)}`;
      if (error instanceof ToolError && error.decision) decisions.push(error.decision);
      const text = `error: ${message}`;
      this.cache.set(key, { ok: false, text, error: message });
      return record(false, text, { error: message, decisions });
    }
  }

  /** The result as much as the step's share of the context still allows. */
  private fit(text: string): string {
    const left = this.limits.resultTokens - this.usedTokens;
    if (left < MIN_RESULT_TOKENS) {
      this.usedTokens = this.limits.resultTokens;
      return 'error: the tool results of this step have used their share of the context; answer with what you know';
    }
    const tokens = estimateTokens(text);
    if (tokens <= left) {
      this.usedTokens += tokens;
      return text;
    }
    // About 4 characters a token; cut on a line boundary when one is near.
    let cut = text.slice(0, Math.max(0, (left - 16) * 3));
    const newline = cut.lastIndexOf('\n');
    if (newline > cut.length * 0.8) cut = cut.slice(0, newline);
    this.usedTokens = this.limits.resultTokens;
    return `${cut}\n… (cut: the tool results of this step reached their share of the context)`;
  }
}

/** Key order does not make two calls different. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
