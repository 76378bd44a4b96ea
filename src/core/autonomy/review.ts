// Sovereign's last check before a merge: the model reviews the complete diff against the
// issue and returns a structured verdict. Journaled as a step like every model call.
import { z } from 'zod';
import type { FixOptions } from '../agent/options.js';
import { renderPlan } from '../agent/plan.js';
import { loadPrompt, renderPrompt } from '../agent/prompts.js';
import type { RunState } from '../agent/run-state.js';
import { chatStructured } from '../model/structured.js';

export const ReviewVerdict = z.object({
  approve: z.boolean().describe('true to merge, false to leave the branch for a person'),
  confidence: z.number().min(0).max(1).describe('0..1: how sure the verdict is'),
  concerns: z.array(z.string()).describe('what a person should look at'),
});
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;

export async function reviewChange(options: FixOptions, state: RunState): Promise<ReviewVerdict> {
  const started = Date.now();
  const tests = state.testCommand ? `${state.testCommand}: ${state.testsPassed ? 'passed' : 'failed'}` : 'no tests ran';
  const messages = [
    { role: 'system' as const, content: 'You are a careful senior code reviewer. You answer with JSON only.' },
    {
      role: 'user' as const,
      content: renderPrompt(loadPrompt('review'), {
        issue: options.issue.trim(),
        plan: state.plan ? renderPlan(state.plan) : '(no plan)',
        diff: state.diff,
        tests,
      }),
    },
  ];
  const result = await chatStructured(options.model, { messages, ...(options.signal ? { signal: options.signal } : {}) }, ReviewVerdict, {
    maxRetries: options.config.model.max_retries,
  });
  const cost = state.usage.add(result.replies, Date.now() - started);
  options.journal.addStep(state.runId, {
    iteration: state.iterations,
    kind: 'review',
    prompt: JSON.stringify(messages),
    reply: result.replies.map((reply) => reply.content).join('\n\n----- retry -----\n\n'),
    tokensIn: cost.prompt,
    tokensOut: cost.completion,
    modelMs: Date.now() - started,
    wallMs: Date.now() - started,
    outcome: result.value.approve ? 'approved' : 'rejected',
    detail: result.value,
    startedAt: started,
  });
  return result.value;
}
