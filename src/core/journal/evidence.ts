// The evidence pack: one self-contained document per run with everything an auditor
// needs, read back from the journal. Every string passes the secrets masker on the way
// out, and each part carries the sha256 of its canonical JSON so a reader can check
// that nothing was edited after the export.
import { createHash } from 'node:crypto';
import { maskSecrets } from '../gates/secrets.js';
import type { Journal } from './journal.js';
import { runStory, type RunStory } from './run-story.js';

export const EVIDENCE_FORMAT = 'oryon-evidence/2';

export interface EvidencePack {
  format: typeof EVIDENCE_FORMAT;
  exported_at: string;
  oryon_version: string;
  run: {
    id: string;
    status: string;
    issue: string;
    repo: string;
    base: string | null;
    started_at: string;
    finished_at: string | null;
    wall_ms: number | null;
    error: string | null;
  };
  mode: { requested: string; effective: string; why: string };
  model: {
    name: string;
    settings: { num_ctx: number | null; temperature: number | null; seed: number | null };
    tokens: { prompt: number; completion: number };
    model_ms: number;
  };
  plan: RunStory['plan'];
  memory: RunStory['memory'];
  context: RunStory['context'];
  steps: Array<RunStory['steps'][number] & { latency_ms: number }>;
  decisions: RunStory['decisions'];
  approvals: RunStory['decisions'];
  tests: RunStory['tests'];
  findings: RunStory['findings'];
  change: { diffstat: string | null; diff: string | null; files: string[] };
  outcome: {
    branch: string | null;
    commit: string | null;
    pr_description: string | null;
    push: Array<{ remote: string; branch: string; url: string; base: boolean }>;
    pr: { tool: string; url: string | null } | null;
    merge: { base: string; before: string; after: string; kind: string } | null;
    undo: unknown;
  };
  /** sha256 (hex) of each part above, over its JSON with sorted keys. */
  sha256: Record<string, string>;
}

const PARTS = ['run', 'mode', 'model', 'plan', 'memory', 'context', 'steps', 'decisions', 'approvals', 'tests', 'findings', 'change', 'outcome'] as const;

/** Every string in a value, masked (deep copy). */
function maskAll<T>(value: T): T {
  if (typeof value === 'string') return maskSecrets(value) as T;
  if (Array.isArray(value)) return value.map(maskAll) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, maskAll(entry)])) as T;
  return value;
}

/** JSON with object keys sorted, so the digest does not depend on key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : entry,
  );
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function parse<T>(text: string | null | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function evidencePack(journal: Journal, idOrPrefix: string, version: string): EvidencePack {
  const story = runStory(journal, idOrPrefix);
  const row = journal.getRun(story.run_id)!;
  const rawSteps = journal.steps(story.run_id);
  const summary =
    parse<{ requested_mode?: string; model_settings?: { num_ctx: number; temperature: number; seed: number | null }; filesChanged?: string[] }>(
      row.summary_json,
    ) ?? {};
  const modeDecision = story.decisions.find((d) => d.kind === 'mode');
  const detailOf = <T>(kind: string, outcome?: string): T[] =>
    rawSteps
      .filter((s) => s.kind === kind && (!outcome || s.outcome === outcome))
      .map((s) => parse<T>(s.detail_json)!)
      .filter(Boolean);
  const opened = detailOf<{ tool: string; url: string | null }>('pr', 'opened')[0];
  const merge = detailOf<{ base: string; before: string; after: string; kind: string }>('merge')[0];
  const undo = detailOf<unknown>('undo').at(-1);
  const pack: Omit<EvidencePack, 'sha256'> = {
    format: EVIDENCE_FORMAT,
    exported_at: new Date().toISOString(),
    oryon_version: version,
    run: {
      id: story.run_id,
      status: story.status,
      issue: story.issue,
      repo: story.repo,
      base: story.base,
      started_at: story.started_at,
      finished_at: story.finished_at,
      wall_ms: story.wall_ms,
      error: story.error,
    },
    mode: {
      requested: summary.requested_mode ?? modeDecision?.subject ?? story.mode,
      effective: story.mode,
      why: modeDecision ? `${modeDecision.reason} [${modeDecision.rule}]` : 'not journaled',
    },
    model: {
      name: story.model,
      settings: {
        num_ctx: summary.model_settings?.num_ctx ?? null,
        temperature: summary.model_settings?.temperature ?? null,
        seed: summary.model_settings?.seed ?? null,
      },
      tokens: story.tokens,
      model_ms: story.model_ms,
    },
    plan: story.plan,
    memory: story.memory,
    context: story.context,
    steps: story.steps.map((step) => ({ ...step, latency_ms: step.model_ms || step.wall_ms })),
    decisions: story.decisions,
    approvals: story.decisions.filter((d) => d.kind === 'approval'),
    tests: story.tests,
    findings: story.findings,
    change: { diffstat: story.diffstat, diff: story.diff, files: summary.filesChanged ?? [] },
    outcome: {
      branch: story.branch,
      commit: story.commit,
      pr_description: rawSteps.find((s) => s.kind === 'pr' && s.outcome === 'written')?.reply ?? null,
      push: detailOf<{ remote: string; branch: string; url: string; base: boolean }>('push', 'pushed'),
      pr: opened ?? null,
      merge: merge ?? null,
      undo: undo ?? null,
    },
  };
  const masked = maskAll(pack);
  const digests = Object.fromEntries(PARTS.map((part) => [part, sha256(canonicalJson(masked[part]))]));
  return { ...masked, sha256: digests };
}

/** The PR description a run wrote (autopilot and sovereign), masked; undefined for other runs. */
export function prDescriptionOf(journal: Journal, idOrPrefix: string): { runId: string; text: string | undefined } {
  const run = journal.findRun(idOrPrefix);
  const text = journal.steps(run.id).find((s) => s.kind === 'pr' && s.outcome === 'written')?.reply ?? undefined;
  return { runId: run.id, text: text === undefined ? undefined : maskSecrets(text) };
}

/** A value of the pack as text for the renderers: strings as they are, anything else as JSON, nothing as ''. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
