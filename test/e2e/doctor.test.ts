import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { closedPort } from '../core/model/model-config.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function repo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oryon-doctor-e2e-'));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

interface Check {
  name: string;
  ok: boolean;
  required: boolean;
  detail: string;
  fix?: string;
}

describe('oryon doctor (built CLI)', () => {
  it('--json against a fake Ollama with the models pulled', async () => {
    fake = await startFakeOllama({ version: '0.12.6' });
    const env = isolatedEnv({ OLLAMA_HOST: fake.url });
    const result = await runCli(['doctor', '--json'], { cwd: repo(), env });
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: Check[] };
    const check = (name: string) => report.checks.find((c) => c.name === name)!;
    expect(check('ollama')).toMatchObject({ ok: true, detail: `Ollama 0.12.6 at ${fake.url}` });
    expect(check('chat-model')).toMatchObject({ ok: true });
    expect(check('chat-model').detail).toContain('context 32768 tokens');
    expect(check('embedding-model')).toMatchObject({ ok: true });
    expect(check('oryon-home').detail).toContain(env.ORYON_HOME!);
    expect(check('repo').ok).toBe(true);
    // Exit code follows the required checks (bubblewrap may be missing on this machine).
    const requiredOk = report.checks.every((c) => c.ok || !c.required);
    expect(report.ok).toBe(requiredOk);
    expect(result.code).toBe(requiredOk ? 0 : 1);
    expect(fake.requests.some((r) => r.path === '/api/version')).toBe(true);
  });

  it('--json against a closed port: exit 1 and the Ollama check says how to fix it', async () => {
    const port = await closedPort();
    const result = await runCli(['doctor', '--json'], { cwd: repo(), env: isolatedEnv({ OLLAMA_HOST: `127.0.0.1:${port}` }) });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: Check[] };
    expect(report.ok).toBe(false);
    const ollama = report.checks.find((c) => c.name === 'ollama')!;
    expect(ollama).toMatchObject({ ok: false, required: true, detail: `cannot reach Ollama at http://127.0.0.1:${port}` });
    expect(ollama.fix).toContain('start it with "ollama serve" or set OLLAMA_HOST');
    expect(ollama.fix).toContain('https://ollama.com/download');
  });

  it('prints one line per check with marks and fixes', async () => {
    const port = await closedPort();
    const result = await runCli(['doctor'], { cwd: repo(), env: isolatedEnv({ OLLAMA_HOST: `127.0.0.1:${port}` }) });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines.find((line) => line.startsWith('✗ ollama'))).toContain(`cannot reach Ollama at http://127.0.0.1:${port}`);
    expect(result.stdout).toMatch(/fix: start it with "ollama serve" or set OLLAMA_HOST/);
    expect(lines.find((line) => line.startsWith('✓ node'))).toContain(`Node ${process.versions.node}`);
    expect(lines.some((line) => line.startsWith('✓ git '))).toBe(true);
    expect(result.stdout).toMatch(/\d+ required checks? failed/);
  });

  it('fails a --repo that is not a git repository', async () => {
    fake = await startFakeOllama();
    const plain = mkdtempSync(path.join(os.tmpdir(), 'oryon-doctor-plain-'));
    const result = await runCli(['doctor', '--json', '--repo', plain], { env: isolatedEnv({ OLLAMA_HOST: fake.url }) });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { checks: Check[] };
    expect(report.checks.find((c) => c.name === 'repo')).toMatchObject({ ok: false, required: true });
  });
});
