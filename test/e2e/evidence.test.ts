// `oryon runs export ID --format json|md|html|pr` end to end: one autopilot run, its pack
// in the three formats, each part's sha256 checkable, secrets masked everywhere, and the
// HTML rendered by a real headless browser.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { tempDir } from '../helpers/git-repo.js';
import { githubToken } from '../helpers/secret-tokens.js';
import { autonomyRepo } from './autonomy-helpers.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

const SECRET = githubToken();
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0);

let fake: FakeOllama;
let env: Record<string, string>;
let root: string;
let runId: string;
beforeAll(async () => {
  build();
  fake = await startFakeOllama();
  env = fixEnv(fake.url);
  const task = await autonomyRepo('git:\n  push: allow\n', env);
  root = task.root;
  fake.enqueue({ content: planReply(['fib.py']) }, { content: task.solution });
  // The issue carries a token, as pasted logs do: it reaches prompts and the PR description.
  const result = await fix(root, ['--mode', 'autopilot', '--json', `${task.issue}\n\nlog: token ${SECRET} was rejected`], env);
  expect(result.code, result.stderr).toBe(0);
  runId = JSON.parse(result.stdout).run_id;
}, 240_000);
afterAll(async () => fake?.close());

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, entry: unknown) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : 1)))
      : entry,
  );

describe('oryon runs export (e2e)', { timeout: 120_000 }, () => {
  it('json: every part an auditor needs, each with a sha256 that checks, no secret', async () => {
    const exported = await runs(root, ['export', runId, '--format', 'json'], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).not.toContain(SECRET);
    const pack = JSON.parse(exported.stdout);
    expect(pack.mode).toMatchObject({ requested: 'autopilot', effective: 'autopilot' });
    expect(pack.mode.why).toContain('max_mode');
    expect(pack.model).toMatchObject({ name: 'qwen2.5-coder:7b', settings: { num_ctx: 32768, temperature: expect.any(Number) } });
    const models = pack.steps.filter((s: { kind: string }) => s.kind === 'plan' || s.kind === 'edit');
    expect(models).toHaveLength(2);
    for (const step of models) {
      expect(step.prompt).toBeTruthy();
      expect(step.reply).toBeTruthy();
      expect(step.tokens_in).toBeGreaterThan(0);
      expect(step.latency_ms).toBeGreaterThanOrEqual(0);
    }
    expect(pack.tests[0]).toMatchObject({ outcome: 'passed' });
    expect(pack.change.diff).toContain('a, b = 0, 1');
    expect(pack.outcome.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(pack.outcome.push[0]).toMatchObject({ remote: 'origin', branch: pack.outcome.branch });
    expect(pack.outcome.pr_description).toContain('## Issue');
    expect(pack.outcome.pr_description).toContain('[secret masked: github-token]');
    expect(pack.decisions.some((d: { kind: string; rule: string }) => d.rule === 'git.push')).toBe(true);
    expect(Object.keys(pack.sha256).sort()).toEqual(
      ['approvals', 'change', 'context', 'decisions', 'findings', 'memory', 'mode', 'model', 'outcome', 'plan', 'run', 'steps', 'tests'].sort(),
    );
    for (const [part, digest] of Object.entries(pack.sha256)) {
      expect(createHash('sha256').update(canonical(pack[part])).digest('hex'), part).toBe(digest);
    }
  });

  it('md: the same story for a person, no secret', async () => {
    const md = await runs(root, ['export', runId, '--format', 'md'], env);
    expect(md.code).toBe(0);
    expect(md.stdout).not.toContain(SECRET);
    for (const heading of [
      '# Evidence pack: run',
      '## Issue',
      '## Plan',
      '## Memory recalled',
      '## Steps',
      '## Tests',
      '## Gate findings',
      '## Policy decisions and approvals',
      '## Change',
      '## Outcome',
      '## sha256 of each part',
    ]) {
      expect(md.stdout).toContain(heading);
    }
    expect(md.stdout).toContain('num_ctx 32768');
    expect(md.stdout).toMatch(/pushed `oryon\/[^`]+` to origin/);
  });

  it('pr: exactly the description the run journaled', async () => {
    const pr = await runs(root, ['export', runId, '--format', 'pr'], env);
    expect(pr.code).toBe(0);
    const pack = JSON.parse((await runs(root, ['export', runId], env)).stdout);
    expect(pr.stdout).toBe(pack.outcome.pr_description);
  });

  it('html: one file, no external assets, the diff coloured; renders in headless chromium', async (context) => {
    const file = path.join(tempDir('oryon-html-'), 'pack.html');
    const written = await runs(root, ['export', runId, '--format', 'html', '-o', file], env);
    expect(written.code, written.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain(SECRET);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/<span class="add">\+\s+a, b = 0, 1<\/span>/);
    expect(html).toContain('<ol class="timeline">');
    if (!chromium) return context.skip('no chromium on PATH (apt install chromium): the headless render check needs a real browser');
    const profile = tempDir('oryon-chromium-');
    const shot = path.join(profile, 'pack.png');
    const common = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, '--window-size=1200,2000'];
    const render = spawnSync(chromium, [...common, `--screenshot=${shot}`, `file://${file}`], {
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, HOME: profile },
    });
    expect(existsSync(shot), render.stderr).toBe(true);
    expect(readFileSync(shot).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    // The browser parsed the document as we meant it: the DOM it built holds the run and the findings table heading.
    const dom = spawnSync(chromium, [...common, '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, HOME: profile } });
    expect(dom.stdout).toContain(`Evidence pack: run <code>${runId}</code>`);
    expect(dom.stdout).toContain('<h2>Gate findings</h2>');
  });
});
