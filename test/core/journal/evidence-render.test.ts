// The evidence pack renderers over hostile run text: nothing in an issue, a reply or a
// diff can become markup in the HTML, or close a fence in the Markdown.
import { describe, expect, it } from 'vitest';
import type { EvidencePack } from '../../../src/core/journal/evidence.js';
import { evidenceHtml } from '../../../src/core/journal/evidence-html.js';
import { evidenceMarkdown } from '../../../src/core/journal/evidence-md.js';

const hostile = '</pre><script>alert(1)</script><img src=x onerror=alert(2)> ``` end';

function pack(): EvidencePack {
  return {
    format: 'oryon-evidence/2',
    exported_at: '2026-12-04T20:00:00.000Z',
    oryon_version: '0.1.0',
    run: { id: 'r1', status: 'succeeded', issue: hostile, repo: '/repo', base: 'abc', started_at: 'x', finished_at: 'y', wall_ms: 5, error: null },
    mode: { requested: 'sovereign', effective: 'operator', why: 'the policy caps autonomy at operator [max_mode]' },
    model: { name: 'm', settings: { num_ctx: 8192, temperature: 0, seed: 1 }, tokens: { prompt: 10, completion: 5 }, model_ms: 3 },
    plan: { summary: hostile, steps: [hostile], confidence: 0.9 },
    memory: null,
    context: null,
    steps: [
      {
        seq: 1,
        iteration: 1,
        kind: 'plan',
        outcome: 'ok',
        tokens_in: 10,
        tokens_out: 5,
        model_ms: 3,
        wall_ms: 4,
        prompt: hostile,
        reply: hostile,
        thinking: null,
        detail: null,
        started_at: 'x',
        latency_ms: 3,
      },
    ],
    decisions: [{ kind: 'approval', subject: hostile, allowed: true, rule: 'approvals.push', reason: hostile }],
    approvals: [],
    tests: [],
    findings: [{ gate: 'lint', rule: 'r', severity: 'low', file: 'a|b.py', line: 1, message: hostile, blocking: false, suppressed: null }],
    change: { diffstat: ' a.py | 2 +-', diff: `--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-old\n+${hostile}\n`, files: ['a.py'] },
    outcome: { branch: 'oryon/x', commit: 'c', pr_description: hostile, push: [], pr: null, merge: null, undo: null },
    sha256: { run: 'd' },
  };
}

describe('evidence pack renderers', () => {
  it('html escapes every piece of run text and loads nothing', () => {
    const html = evidenceHtml(pack());
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<img\b/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<span class="add">+&lt;/pre&gt;');
    expect(html).toContain('<span class="del">-old</span>');
    expect(html).toContain("default-src 'none'");
  });

  it('markdown fences run text with a fence longer than any backtick run in it', () => {
    const md = evidenceMarkdown(pack());
    expect(md).toContain('````\n</pre><script>');
    expect(md).toContain('| lint | r | low | a\\|b.py:1 | no |');
    expect(md).toContain('requested sovereign, effective **operator**');
  });
});
