// The pull request's description, in Markdown: everything a reviewer needs to judge the
// change without opening oryon. Pure: built from data the run journaled.
import type { Plan } from '../agent/plan.js';

export interface PrFacts {
  runId: string;
  issue: string;
  plan: Plan | null;
  branch: string;
  commit: string;
  base: string | null;
  diffstat: string;
  files: string[];
  tests: { command: string | null; passed: boolean | null };
  /** The last gates step: passed or blocked, with its findings (none blocking on a committed run). */
  gates: {
    ran: boolean;
    findings: Array<{ gate: string; rule: string; severity: string; file: string | null; line: number | null; message: string; blocking: boolean }>;
  };
  memory: { chunks: Array<{ path: string; startLine: number; endLine: number }>; lessons: Array<{ runId: string; issue: string }> } | null;
  model: string;
  tokens: { prompt: number; completion: number };
  mode: string;
}

/** A title for the PR: the plan's summary (the commit title), else the issue's first line. */
export function prTitle(facts: Pick<PrFacts, 'plan' | 'issue'>): string {
  return (facts.plan?.summary || facts.issue.split('\n')[0] || 'oryon fix').slice(0, 72);
}

const fence = (text: string): string => {
  // A fence longer than any backtick run inside, so the content cannot close it.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(longest + 1);
};

const quote = (text: string): string =>
  text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

export function prDescription(facts: PrFacts): string {
  const lines: string[] = [];
  lines.push(`## Issue`, '', quote(facts.issue), '');
  if (facts.plan) {
    lines.push(`## Plan`, '', facts.plan.summary, '');
    for (const [index, step] of facts.plan.steps.entries()) lines.push(`${index + 1}. ${step}`);
    lines.push('', `Confidence: ${facts.plan.confidence}`, '');
  }
  lines.push('## What changed and why', '');
  lines.push(
    facts.plan?.summary
      ? `${facts.plan.summary} (${facts.files.length} file${facts.files.length === 1 ? '' : 's'}: ${facts.files.map((file) => `\`${file}\``).join(', ')})`
      : `Changed ${facts.files.join(', ')}`,
  );
  if (facts.diffstat.trim()) {
    const stat = facts.diffstat.trimEnd();
    lines.push('', fence(stat), stat, fence(stat));
  }
  lines.push('', '## Tests', '');
  if (facts.tests.command) lines.push(`\`${facts.tests.command}\`: ${facts.tests.passed ? 'passed' : facts.tests.passed === false ? 'failed' : 'not run'}`);
  else lines.push('No test command was found; the change was not tested.');
  lines.push('', '## Gates', '');
  if (!facts.gates.ran) lines.push('The change gates did not run.');
  else if (facts.gates.findings.length === 0) lines.push('Policy, secrets, security and lint gates passed with no findings.');
  else {
    lines.push('Gates passed. Findings (none blocking):', '', '| gate | rule | severity | where | message |', '| --- | --- | --- | --- | --- |');
    for (const f of facts.gates.findings) {
      const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
      lines.push(`| ${cell(f.gate)} | ${cell(f.rule)} | ${cell(f.severity)} | ${cell(where)} | ${cell(f.message)} |`);
    }
  }
  lines.push('', '## Memory recalled', '');
  if (!facts.memory || (facts.memory.chunks.length === 0 && facts.memory.lessons.length === 0)) lines.push('Nothing.');
  else {
    for (const chunk of facts.memory.chunks) lines.push(`- \`${chunk.path}\` lines ${chunk.startLine}-${chunk.endLine}`);
    for (const lesson of facts.memory.lessons) lines.push(`- lesson from run ${lesson.runId}: ${lesson.issue.split('\n')[0]}`);
  }
  lines.push('', '## Run', '');
  lines.push(`- run: \`${facts.runId}\` (mode ${facts.mode}; \`oryon runs export ${facts.runId}\` has the evidence pack)`);
  lines.push(`- model: \`${facts.model}\`, tokens ${facts.tokens.prompt} in / ${facts.tokens.completion} out`);
  lines.push(`- branch: \`${facts.branch}\` at \`${facts.commit}\`${facts.base ? `, from \`${facts.base}\`` : ''}`);
  return `${lines.join('\n')}\n`;
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
