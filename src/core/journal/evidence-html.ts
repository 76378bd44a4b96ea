// The evidence pack as one HTML file with no external assets (inline CSS, no script, no
// fonts, no images): a timeline of steps, the diff coloured, findings in a table. Every
// piece of run text is HTML-escaped; a Content-Security-Policy forbids loading anything.
import { asText, type EvidencePack } from './evidence.js';

const esc = (value: unknown): string => asText(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#1d1f21;padding:0 1rem}
h1{font-size:1.5rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}pre{background:#f7f7f7;padding:.6rem;overflow:auto;white-space:pre-wrap;word-break:break-word}
.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}.dim{color:#666}
.timeline{list-style:none;padding-left:0;border-left:3px solid #8c959f;margin-left:.5rem}
.timeline li{margin:0 0 .6rem 0;padding-left:1rem;position:relative}
.timeline li::before{content:"";position:absolute;left:-.45rem;top:.35rem;width:.6rem;height:.6rem;border-radius:50%;background:#8c959f}
.diff .add{background:#e6ffec;color:#116329}.diff .del{background:#ffebe9;color:#82071e}.diff .hunk{color:#0550ae}.diff .file{font-weight:700}
.diff span{display:block}details{margin:.3rem 0}code{font-family:ui-monospace,monospace}`;

function diffHtml(diff: string): string {
  const lines = diff
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => {
      const cls =
        line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff --git')
          ? 'file'
          : line.startsWith('+')
            ? 'add'
            : line.startsWith('-')
              ? 'del'
              : line.startsWith('@@')
                ? 'hunk'
                : '';
      return `<span${cls ? ` class="${cls}"` : ''}>${esc(line) || ' '}</span>`;
    });
  return `<pre class="diff">${lines.join('')}</pre>`;
}

const table = (head: string[], rows: string[][]): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

export function evidenceHtml(pack: EvidencePack): string {
  const { run } = pack;
  const status = run.status === 'succeeded' ? 'ok' : 'bad';
  const parts: string[] = [];
  parts.push(`<h1>Evidence pack: run <code>${esc(run.id)}</code></h1>`);
  parts.push(
    table(
      ['field', 'value'],
      [
        ['status', `<span class="${status}">${esc(run.status)}</span>${run.error ? ` ${esc(run.error)}` : ''}`],
        ['mode', `requested ${esc(pack.mode.requested)}, effective <b>${esc(pack.mode.effective)}</b> <span class="dim">(${esc(pack.mode.why)})</span>`],
        [
          'model',
          `<code>${esc(pack.model.name)}</code> num_ctx ${esc(pack.model.settings.num_ctx ?? '?')}, temperature ${esc(pack.model.settings.temperature ?? '?')}, seed ${esc(pack.model.settings.seed ?? 'none')}`,
        ],
        ['tokens', `${pack.model.tokens.prompt} in / ${pack.model.tokens.completion} out; model ${pack.model.model_ms} ms`],
        ['repository', `<code>${esc(run.repo)}</code> base <code>${esc(run.base ?? '?')}</code>`],
        ['time', `${esc(run.started_at)} → ${esc(run.finished_at ?? '?')} (${esc(run.wall_ms ?? '?')} ms)`],
        ['branch / commit', `<code>${esc(pack.outcome.branch ?? 'none')}</code> <code>${esc(pack.outcome.commit ?? '')}</code>`],
      ],
    ),
  );
  parts.push(`<h2>Issue</h2><pre>${esc(run.issue)}</pre>`);
  if (pack.plan) {
    parts.push(
      `<h2>Plan</h2><p>${esc(pack.plan.summary)} <span class="dim">(confidence ${esc(pack.plan.confidence ?? '?')})</span></p><ol>${(pack.plan.steps ?? []).map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`,
    );
  }
  const recalled = [
    ...(pack.memory?.chunks ?? []).map((c) => `<li><code>${esc(c.path)}</code>:${c.startLine}-${c.endLine} (score ${c.score.toFixed(3)})</li>`),
    ...(pack.memory?.lessons ?? []).map((l) => `<li>lesson from run ${esc(l.runId)}: ${esc(l.issue.split('\n')[0])}</li>`),
  ];
  parts.push(
    `<h2>Memory recalled</h2>${recalled.length ? `<ul>${recalled.join('')}</ul>` : `<p class="dim">${pack.memory?.error ? esc(pack.memory.error) : 'Nothing recalled.'}</p>`}`,
  );
  parts.push('<h2>Timeline</h2><ol class="timeline">');
  for (const step of pack.steps) {
    const tokens = step.tokens_in || step.tokens_out ? `, ${step.tokens_in}/${step.tokens_out} tokens` : '';
    const body = [
      step.prompt ? `<details><summary>prompt</summary><pre>${esc(step.prompt)}</pre></details>` : '',
      step.reply ? `<details><summary>reply</summary><pre>${esc(step.reply)}</pre></details>` : '',
    ].join('');
    parts.push(
      `<li><b>${esc(step.kind)}</b> ${esc(step.outcome)} <span class="dim">#${step.seq}, iteration ${step.iteration}, ${step.latency_ms} ms${tokens}, ${esc(step.started_at)}</span>${body}</li>`,
    );
  }
  parts.push('</ol>');
  parts.push(
    `<h2>Tests</h2>${pack.tests.length ? pack.tests.map((t) => `<p><span class="${t.outcome === 'passed' ? 'ok' : 'bad'}">${esc(t.outcome)}</span> iteration ${t.iteration}: <code>${esc((t.command ?? []).join(' '))}</code></p>${t.output ? `<details><summary>output</summary><pre>${esc(t.output)}</pre></details>` : ''}`).join('') : '<p class="dim">No tests ran.</p>'}`,
  );
  parts.push(
    `<h2>Gate findings</h2>${
      pack.findings.length
        ? table(
            ['gate', 'rule', 'severity', 'where', 'blocking', 'message'],
            pack.findings.map((f) => [
              esc(f.gate),
              esc(f.rule),
              esc(f.severity),
              esc(f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : ''),
              f.blocking ? '<span class="bad">yes</span>' : 'no',
              esc(f.message),
            ]),
          )
        : '<p class="dim">None.</p>'
    }`,
  );
  parts.push(
    `<h2>Policy decisions and approvals</h2>${table(
      ['', 'kind', 'subject', 'rule', 'reason'],
      pack.decisions.map((d) => [
        d.allowed ? '<span class="ok">allow</span>' : '<span class="bad">deny</span>',
        esc(d.kind),
        esc(d.subject),
        `<code>${esc(d.rule)}</code>`,
        esc(d.reason),
      ]),
    )}`,
  );
  parts.push(
    `<h2>Change</h2>${pack.change.diffstat ? `<pre>${esc(pack.change.diffstat)}</pre>` : ''}${pack.change.diff ? diffHtml(pack.change.diff) : '<p class="dim">No change.</p>'}`,
  );
  const outcome = [
    ...pack.outcome.push.map((p) => `<li>pushed <code>${esc(p.branch)}</code> to ${esc(p.remote)} (${esc(p.url)})</li>`),
    ...(pack.outcome.pr ? [`<li>PR opened with ${esc(pack.outcome.pr.tool)}: ${esc(pack.outcome.pr.url ?? '(no URL)')}</li>`] : []),
    ...(pack.outcome.merge
      ? [
          `<li>merged into <code>${esc(pack.outcome.merge.base)}</code> (${esc(pack.outcome.merge.kind)}) ${esc(pack.outcome.merge.before.slice(0, 10))} → ${esc(pack.outcome.merge.after.slice(0, 10))}</li>`,
        ]
      : []),
    ...(pack.outcome.undo ? ['<li>undone (see the undo step)</li>'] : []),
  ];
  parts.push(`<h2>Outcome</h2>${outcome.length ? `<ul>${outcome.join('')}</ul>` : '<p class="dim">Nothing was published or merged.</p>'}`);
  if (pack.outcome.pr_description) parts.push(`<details><summary>PR description</summary><pre>${esc(pack.outcome.pr_description)}</pre></details>`);
  parts.push(
    `<h2>sha256 of each part</h2>${table(
      ['part', 'sha256'],
      Object.entries(pack.sha256).map(([part, digest]) => [esc(part), `<code>${esc(digest)}</code>`]),
    )}`,
  );
  parts.push(`<p class="dim">exported ${esc(pack.exported_at)} by oryon ${esc(pack.oryon_version)} (${esc(pack.format)})</p>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>oryon run ${esc(run.id)}</title><style>${CSS}</style></head>
<body>
${parts.join('\n')}
</body></html>
`;
}
