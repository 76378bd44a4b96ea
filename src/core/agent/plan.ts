import { z } from 'zod';
import { chatStructured, correction, parseReply } from '../model/structured.js';
import type { ChatMessage, ChatModel, ChatReply } from '../model/types.js';
import type { FixEvent } from './events.js';
import { streamed } from './model-call.js';
import { chatWithTools, type ToolUse } from './tool-loop.js';

/** What the model returns when asked to plan; sent to Ollama as `format`. */
export const PlanSchema = z.object({
  summary: z.string().min(1).describe('one sentence: what the change does'),
  steps: z.array(z.string().min(1)).describe('ordered steps of the change'),
  files: z.array(z.string().min(1)).describe('repository-relative paths to change or create'),
  verify: z.string().describe('how the change will be checked'),
  confidence: z.number().min(0).max(1).describe('0..1: how sure the plan fixes the issue'),
});
export type Plan = z.infer<typeof PlanSchema>;

export interface PlanOutcome {
  plan: Plan;
  replies: ChatReply[];
}

export async function requestPlan(
  model: ChatModel,
  messages: ChatMessage[],
  options: { signal?: AbortSignal | undefined; maxRetries: number; onText?: (text: string) => void },
): Promise<PlanOutcome> {
  const result = await chatStructured(
    model,
    { messages, ...(options.signal ? { signal: options.signal } : {}), ...(options.onText ? { onText: options.onText } : {}) },
    PlanSchema,
    { maxRetries: options.maxRetries },
  );
  return { plan: normalizePlan(result.value), replies: result.replies };
}

/**
 * The plan, after the model has looked around with tools. The answer is checked against
 * the plan schema, and only a bad one goes to the structured retry.
 */
export async function* requestPlanWithTools(
  model: ChatModel,
  messages: ChatMessage[],
  use: ToolUse,
  options: { signal?: AbortSignal | undefined; maxRetries: number },
): AsyncGenerator<FixEvent, PlanOutcome> {
  const outcome = yield* chatWithTools(model, messages, use, { purpose: 'plan', iteration: 0, signal: options.signal, format: z.toJSONSchema(PlanSchema) });
  const parsed = parseReply(outcome.reply.content, PlanSchema);
  if (parsed.ok) return { plan: normalizePlan(parsed.value), replies: outcome.replies };
  const retry = [
    ...outcome.messages,
    { role: 'assistant' as const, content: outcome.reply.content },
    { role: 'user' as const, content: correction(parsed.problem) },
  ];
  const result = yield* streamed((onText) =>
    chatStructured(model, { messages: retry, onText, ...(options.signal ? { signal: options.signal } : {}) }, PlanSchema, {
      maxRetries: Math.max(0, options.maxRetries - 1),
    }),
  );
  return { plan: normalizePlan(result.value), replies: [...outcome.replies, ...result.replies] };
}

/** Plan paths as the repo spells them: forward slashes, no leading "./", no duplicates. */
export function normalizePlan(plan: Plan): Plan {
  const files = [
    ...new Set(
      plan.files
        .map((file) =>
          file
            .trim()
            .replaceAll('\\', '/')
            .replace(/^(\.\/)+/, ''),
        )
        .filter(Boolean),
    ),
  ];
  return { ...plan, summary: plan.summary.trim().split('\n')[0]!.trim(), files };
}

export function renderPlan(plan: Plan): string {
  const steps = plan.steps.map((step, index) => `${index + 1}. ${step}`).join('\n');
  return [
    `Summary: ${plan.summary}`,
    steps ? `Steps:\n${steps}` : '',
    plan.files.length ? `Files: ${plan.files.join(', ')}` : '',
    plan.verify ? `Verify: ${plan.verify}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The commit message: the plan's summary as the title, its steps as the body. */
export function commitMessage(plan: Plan | undefined, issue: string): string {
  const title = (plan?.summary || issue.split('\n')[0] || 'oryon fix').slice(0, 72);
  const body = [`Issue: ${issue.trim()}`, ...(plan?.steps.length ? ['', ...plan.steps.map((step) => `- ${step}`)] : [])];
  return `${title}\n\n${body.join('\n')}\n`;
}
