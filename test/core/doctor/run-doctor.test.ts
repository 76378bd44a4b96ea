import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorOptions } from '../../../src/core/doctor/run-doctor.js';
import { checkHome, checkNode, checkSemgrep } from '../../../src/core/doctor/system-checks.js';
import type { DoctorReport } from '../../../src/core/doctor/types.js';
import { startFakeOllama, type FakeOllama } from '../../helpers/fake-ollama.js';
import { fakeSemgrep } from '../../helpers/fake-semgrep.js';
import { closedPort } from '../model/model-config.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

function gitRepo(): string {
  const repo = tempDir('oryon-doctor-repo-');
  execFileSync('git', ['init', '-q'], { cwd: repo });
  return repo;
}

function env(host: string): NodeJS.ProcessEnv {
  const base = tempDir('oryon-doctor-env-');
  return {
    PATH: process.env.PATH,
    HOME: path.join(base, 'home'),
    XDG_CONFIG_HOME: path.join(base, 'config'),
    XDG_DATA_HOME: path.join(base, 'data'),
    ORYON_HOME: path.join(base, 'state'),
    OLLAMA_HOST: host,
  };
}

const byName = (report: DoctorReport, name: string) => report.checks.find((check) => check.name === name)!;

async function doctor(options: Partial<DoctorOptions> & { env: NodeJS.ProcessEnv }): Promise<DoctorReport> {
  return runDoctor({ cwd: options.cwd ?? gitRepo(), ollamaTimeoutMs: 2000, ...options });
}

describe('runDoctor', () => {
  it('passes with Ollama and both models present, reporting versions and context lengths', async () => {
    fake = await startFakeOllama({ version: '0.11.4' });
    const report = await doctor({ env: env(fake.url) });
    expect(report.checks.map((check) => check.name)).toEqual([
      'node',
      'git',
      'repo',
      'environment',
      'ollama',
      'chat-model',
      'embedding-model',
      'bubblewrap',
      'semgrep',
      'ast-grep',
      'oryon-home',
      'config',
      'policy',
      'trust',
    ]);
    expect(byName(report, 'ollama')).toMatchObject({ ok: true, required: true, detail: `Ollama 0.11.4 at ${fake.url}` });
    expect(byName(report, 'chat-model')).toMatchObject({ ok: true, detail: 'qwen2.5-coder:7b pulled (qwen2, 7.6B, context 32768 tokens)' });
    expect(byName(report, 'embedding-model')).toMatchObject({ ok: true, required: false });
    expect(byName(report, 'embedding-model').detail).toContain('context 2048 tokens');
    expect(byName(report, 'ast-grep')).toMatchObject({ ok: true, required: true });
    expect(byName(report, 'ast-grep').detail).toMatch(/\d+\.\d+\.\d+/);
    expect(byName(report, 'config').ok).toBe(true);
    expect(byName(report, 'policy').ok).toBe(true);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /api/version', 'POST /api/show', 'POST /api/show']);
    // ok is exactly "every required check passed" (bubblewrap may be missing on this machine).
    expect(report.ok).toBe(report.checks.every((check) => check.ok || !check.required));
  });

  it('fails the Ollama checks with the fix when nothing listens', async () => {
    const port = await closedPort();
    const report = await doctor({ env: env(`http://127.0.0.1:${port}`) });
    expect(report.ok).toBe(false);
    expect(byName(report, 'ollama')).toMatchObject({ ok: false, required: true, detail: `cannot reach Ollama at http://127.0.0.1:${port}` });
    expect(byName(report, 'ollama').fix).toContain('start it with "ollama serve" or set OLLAMA_HOST');
    expect(byName(report, 'ollama').fix).toContain('https://ollama.com/download');
    expect(byName(report, 'chat-model')).toMatchObject({ ok: false, required: true });
  });

  it("passes on the client's diagnosis: a port fetch refuses, a server that answers 500", async () => {
    const blocked = await doctor({ env: env('http://127.0.0.1:9') });
    expect(byName(blocked, 'ollama')).toMatchObject({ ok: false, detail: 'cannot connect to Ollama at http://127.0.0.1:9: fetch refuses port 9' });
    expect(byName(blocked, 'ollama').fix).toBe('serve Ollama on another port (its default is 11434) and point OLLAMA_HOST at it');

    const http = await import('node:http');
    const broken = http.createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream down'));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(broken.address() as import('node:net').AddressInfo).port}`;
      const report = await doctor({ env: env(url) });
      expect(byName(report, 'ollama')).toMatchObject({ ok: false, detail: `Ollama at ${url}: Ollama answered 500: upstream down` });
      expect(byName(report, 'ollama').fix).toContain('check the Ollama server log');
    } finally {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    }
  });

  it('says which model to pull when a model is missing', async () => {
    fake = await startFakeOllama({ models: [{ name: 'other:1b' }] });
    const report = await doctor({ env: env(fake.url) });
    expect(byName(report, 'chat-model')).toMatchObject({
      ok: false,
      required: true,
      detail: 'qwen2.5-coder:7b is not pulled',
      fix: 'run "ollama pull qwen2.5-coder:7b"',
    });
    expect(byName(report, 'embedding-model')).toMatchObject({ ok: false, required: false });
    expect(byName(report, 'embedding-model').fix).toContain('ollama pull nomic-embed-text');
    expect(report.ok).toBe(false);
  });

  it('reports an invalid config with its file and line, and still checks Ollama with the defaults', async () => {
    fake = await startFakeOllama();
    const repo = gitRepo();
    mkdirSync(path.join(repo, '.oryon'));
    writeFileSync(path.join(repo, '.oryon/config.yaml'), 'model:\n  num_ctx: big\n');
    const report = await doctor({ cwd: repo, env: env(fake.url) });
    const config = byName(report, 'config');
    expect(config.ok).toBe(false);
    expect(config.detail).toMatch(/\.oryon\/config\.yaml:2:\d+ model\.num_ctx: /);
    expect(byName(report, 'policy').ok).toBe(true);
    expect(byName(report, 'ollama').ok).toBe(true);
    expect(report.ok).toBe(false);
  });

  it('reports an invalid policy without blaming the config', async () => {
    fake = await startFakeOllama();
    const repo = gitRepo();
    mkdirSync(path.join(repo, '.oryon'));
    writeFileSync(path.join(repo, '.oryon/policy.yaml'), 'max_mode: wizard\n');
    const report = await doctor({ cwd: repo, env: env(fake.url) });
    expect(byName(report, 'policy').ok).toBe(false);
    expect(byName(report, 'policy').detail).toContain('max_mode');
    expect(byName(report, 'config').ok).toBe(true);
  });

  it('notes a missing repo as optional, but fails an explicit --repo that is not one', async () => {
    fake = await startFakeOllama();
    const plain = tempDir('oryon-doctor-plain-');
    const outside = await doctor({ cwd: plain, env: env(fake.url) });
    expect(byName(outside, 'repo')).toMatchObject({ ok: false, required: false });
    const explicit = await doctor({ cwd: plain, repo: plain, env: env(fake.url) });
    expect(byName(explicit, 'repo')).toMatchObject({ ok: false, required: true });
    expect(explicit.ok).toBe(false);
  });

  it('checks bubblewrap consistently with `which bwrap`, required only for required isolation', async () => {
    fake = await startFakeOllama();
    const report = await doctor({ env: env(fake.url) });
    const check = byName(report, 'bubblewrap');
    let installed = true;
    try {
      execFileSync('which', ['bwrap'], { stdio: 'ignore' });
    } catch {
      installed = false;
    }
    expect(check.required).toBe(true);
    if (!installed) expect(check).toMatchObject({ ok: false, detail: 'bwrap not found on PATH' });
    if (!check.ok) expect(check.fix).toContain(installed ? 'user namespaces' : 'sudo apt-get install bubblewrap');

    const repo = gitRepo();
    mkdirSync(path.join(repo, '.oryon'));
    writeFileSync(path.join(repo, '.oryon/config.yaml'), 'sandbox:\n  isolation: best-effort\n');
    const relaxed = await doctor({ cwd: repo, env: { ...env(fake.url), PATH: '/nonexistent' } });
    expect(byName(relaxed, 'bubblewrap')).toMatchObject({ ok: false, required: false, detail: 'bwrap not found on PATH' });
    expect(byName(relaxed, 'semgrep')).toMatchObject({ ok: false, required: false });
  });
});

describe('single checks', () => {
  it("flags the repo's Semgrep rules when semgrep is missing, and names them when it runs", async () => {
    const missing = await checkSemgrep({ PATH: '/nonexistent' }, 5000, ['.semgrep.yml']);
    expect(missing).toEqual({
      name: 'semgrep',
      ok: false,
      required: false,
      detail: "semgrep not found on PATH: the repo's Semgrep rules (.semgrep.yml) do not run",
      fix: 'pipx install semgrep (or: brew install semgrep)',
    });
    expect((await checkSemgrep({ PATH: '/nonexistent' }, 5000)).detail).toBe('semgrep not found on PATH (optional)');
    const fake = fakeSemgrep();
    expect(await checkSemgrep({ PATH: fake.dir }, 5000, ['.semgrep/a.yml'])).toMatchObject({
      ok: true,
      detail: "semgrep 1.100.0; runs the repo's Semgrep rules (.semgrep/a.yml)",
    });
  });

  it('rejects Node older than 20', () => {
    expect(checkNode('18.19.0')).toMatchObject({ ok: false, required: true });
    expect(checkNode('20.0.0').ok).toBe(true);
  });

  it('checks that ORYON_HOME is writable', async () => {
    const base = tempDir('oryon-doctor-home-');
    expect(await checkHome(path.join(base, 'new', 'home'))).toMatchObject({ ok: true });
    expect((await checkHome(base)).detail).toContain('is writable');
    writeFileSync(path.join(base, 'file'), '');
    expect(await checkHome(path.join(base, 'file'))).toMatchObject({ ok: false, detail: `${path.join(base, 'file')} is not a directory` });
    if (process.getuid?.() !== 0) {
      const locked = path.join(base, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      expect((await checkHome(locked)).ok).toBe(false);
    }
  });
});
