import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { runGate } from '../../src/cli/commands/gate.js';
import { startStagedGate } from '../../src/cli/gate-early.js';
import { BadInputError } from '../../src/core/errors.js';
import { startStagedDiff } from '../../src/core/gates/changes.js';
import { git, makeRepo, tempDir, writeFile } from '../helpers/git-repo.js';
import { githubToken } from '../helpers/secret-tokens.js';

// The hook's direct path starts the gate early (git, settings, ast-grep) and runGate joins it.

const token = githubToken();
let printed: MockInstance<typeof process.stdout.write>;

function stagedRepo(files: Record<string, string>): string {
  const repo = makeRepo({ 'README.md': 'hi\n' });
  for (const [file, text] of Object.entries(files)) writeFile(repo, file, text);
  git(repo, 'add', '-A');
  return repo;
}

function early(repo: string) {
  return startStagedGate({ top: repo, key: undefined, nothingStaged: false }, startStagedDiff(repo));
}

beforeEach(() => {
  const home = tempDir('oryon-early-home-');
  vi.stubEnv('HOME', home);
  vi.stubEnv('ORYON_HOME', path.join(home, 'state'));
  vi.stubEnv('XDG_CONFIG_HOME', path.join(home, 'config'));
  vi.stubEnv('NO_COLOR', '1');
  printed = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

describe('the early staged gate', () => {
  it('has the change collected and the scanners running before runGate, which reports them as the gate does', async () => {
    const repo = stagedRepo({ 'app.ts': `const token = "${token}";\nexport function run(cmd: string) { return eval(cmd); }\n` });
    const started = await early(repo);
    expect(started.settings).toBeDefined();
    const gates = await started.started!;
    expect(gates.changes.files.map((file) => file.path)).toEqual(['app.ts']);
    const security = await gates.security;
    expect(security.value.engines).toEqual(['ast-grep']);
    expect(security.value.findings.map((finding) => finding.rule)).toContain('security/js-eval-input');
    const code = await runGate([], { staged: true, repo, json: true }, started);
    expect(code).toBe(1);
    const report = JSON.parse(printed.mock.calls.map((call) => String(call[0])).join('')) as { findings: Array<{ rule: string }> };
    expect(report.findings.map((finding) => finding.rule).sort()).toEqual(['secrets/github-token', 'security/js-eval-input']);
    // The signal handlers it took are given back.
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('is stopped, and the gate done again, when runGate is for another repo', async () => {
    const begun = await early(stagedRepo({ 'a.ts': 'export const a = 1;\n' }));
    const other = stagedRepo({ 'b.ts': `export const token = "${token}";\n` });
    expect(await runGate([], { staged: true, repo: other }, begun)).toBe(1);
    expect(begun.interrupt!.signal.aborted).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('starts nothing when the settings do not load, and runGate reports the error as the full CLI does', async () => {
    const repo = stagedRepo({ 'a.ts': 'export const a = 1;\n' });
    mkdirSync(path.join(repo, '.oryon'));
    writeFileSync(path.join(repo, '.oryon', 'config.yaml'), 'security:\n  engines: [nope]\n');
    const begun = await early(repo);
    expect(begun.settings).toBeUndefined();
    expect(begun.started).toBeUndefined();
    expect(process.listenerCount('SIGINT')).toBe(0);
    const error = await runGate([], { staged: true, repo }, begun).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).message).toMatch(/config\.yaml/);
  });
});
