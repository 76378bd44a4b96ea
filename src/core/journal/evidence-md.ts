// The evidence pack as Markdown: the same parts as the JSON, for a person to read (or to
// attach to a PR). Untrusted text sits in fenced blocks longer than any backtick run in it.
import { asText, type EvidencePack } from './evidence.js';

const fenced = (text: string, lang = ''): string => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
};
const cell = (text: unknown): string => asText(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

export function evidenceMarkdown(pack: EvidencePack): string {
  const out: string[] = [];
  const { run } = pack;
  out.push(`# Evidence pack: run ${run.id}`, '');
  out.push(`- status: **${run.status}**${run.error ? ` (${cell(run.error)})` : ''}`);
  out.push(`- mode: requested ${pack.mode.requested}, effective **${pack.mode.effective}** (${cell(pack.mode.why)})`);
  out.push(
    `- model: \`${pack.model.name}\` num_ctx ${pack.model.settings.num_ctx ?? '?'}, temperature ${pack.model.settings.temperature ?? '?'}, seed ${pack.model.settings.seed ?? 'none'}; tokens ${pack.model.tokens.prompt} in / ${pack.model.tokens.completion} out; model time ${pack.model.model_ms} ms`,
  );
  out.push(`- repo: \`${run.repo}\`, base \`${run.base ?? '?'}\``);
  out.push(`- started ${run.started_at}, finished ${run.finished_at ?? '?'}, ${run.wall_ms ?? '?'} ms`);
  out.push(`- exported ${pack.exported_at} by oryon ${pack.oryon_version} (${pack.format})`, '');
  out.push('## Issue', '', fenced(run.issue), '');
  if (pack.plan) {
    out.push('## Plan', '', `${pack.plan.summary ?? ''} (confidence ${pack.plan.confidence ?? '?'})`, '');
    for (const [index, step] of (pack.plan.steps ?? []).entries()) out.push(`${index + 1}. ${step}`);
    out.push('');
  }
  out.push('## Memory recalled', '');
  if (!pack.memory) out.push('No memory for this run.');
  else {
    if (pack.memory.error) out.push(`Unavailable: ${pack.memory.error}`);
    for (const chunk of pack.memory.chunks ?? []) out.push(`- \`${chunk.path}\`:${chunk.startLine}-${chunk.endLine} (score ${chunk.score.toFixed(3)})`);
    for (const lesson of pack.memory.lessons ?? [])
      out.push(`- lesson from run ${lesson.runId}: ${cell(lesson.issue.split('\n')[0])} (score ${lesson.score.toFixed(3)})`);
    if (!pack.memory.error && !pack.memory.chunks?.length && !pack.memory.lessons?.length) out.push('Nothing recalled.');
  }
  out.push('', '## Steps', '', '| # | iteration | kind | outcome | tokens in/out | latency ms | started |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const step of pack.steps)
    out.push(
      `| ${step.seq} | ${step.iteration} | ${step.kind} | ${cell(step.outcome)} | ${step.tokens_in}/${step.tokens_out} | ${step.latency_ms} | ${step.started_at} |`,
    );
  out.push('');
  for (const step of pack.steps.filter((s) => s.prompt || s.reply)) {
    out.push(`### Step ${step.seq}: ${step.kind} (${step.outcome})`, '');
    if (step.prompt) out.push('Prompt:', '', fenced(step.prompt), '');
    if (step.reply) out.push('Reply:', '', fenced(step.reply), '');
  }
  out.push('## Tests', '');
  if (pack.tests.length === 0) out.push('No tests ran.');
  for (const test of pack.tests) {
    out.push(
      `- iteration ${test.iteration}: **${test.outcome}** \`${(test.command ?? []).join(' ')}\`${test.durationMs === undefined ? '' : ` in ${test.durationMs} ms`}`,
    );
    if (test.output) out.push('', fenced(test.output), '');
  }
  out.push('', '## Gate findings', '');
  if (pack.findings.length === 0) out.push('None.');
  else {
    out.push('| gate | rule | severity | where | blocking | message |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of pack.findings)
      out.push(
        `| ${cell(f.gate)} | ${cell(f.rule)} | ${cell(f.severity)} | ${cell(f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '')} | ${f.blocking ? 'yes' : 'no'} | ${cell(f.message)}${f.suppressed ? ` (suppressed: ${cell(f.suppressed)})` : ''} |`,
      );
  }
  out.push('', '## Policy decisions and approvals', '', '| allowed | kind | subject | rule | reason |', '| --- | --- | --- | --- | --- |');
  for (const d of pack.decisions) out.push(`| ${d.allowed ? 'allow' : 'DENY'} | ${d.kind} | ${cell(d.subject)} | ${cell(d.rule)} | ${cell(d.reason)} |`);
  out.push('', '## Change', '');
  if (pack.change.diffstat) out.push(fenced(pack.change.diffstat), '');
  if (pack.change.diff) out.push(fenced(pack.change.diff, 'diff'), '');
  out.push('## Outcome', '');
  out.push(`- branch: ${pack.outcome.branch ? `\`${pack.outcome.branch}\`` : 'none'}; commit: ${pack.outcome.commit ? `\`${pack.outcome.commit}\`` : 'none'}`);
  for (const push of pack.outcome.push) out.push(`- pushed \`${push.branch}\` to ${push.remote} (${push.url})`);
  if (pack.outcome.pr) out.push(`- PR opened with ${pack.outcome.pr.tool}: ${pack.outcome.pr.url ?? '(no URL)'}`);
  if (pack.outcome.merge)
    out.push(
      `- merged into \`${pack.outcome.merge.base}\` (${pack.outcome.merge.kind}): ${pack.outcome.merge.before.slice(0, 10)} → ${pack.outcome.merge.after.slice(0, 10)}`,
    );
  if (pack.outcome.undo) out.push(`- undone: see the undo step`);
  if (pack.outcome.pr_description) out.push('', '### PR description', '', fenced(pack.outcome.pr_description, 'markdown'));
  out.push('', '## sha256 of each part', '', '| part | sha256 |', '| --- | --- |');
  for (const [part, digest] of Object.entries(pack.sha256)) out.push(`| ${part} | \`${digest}\` |`);
  return `${out.join('\n')}\n`;
}
