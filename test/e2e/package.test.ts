import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../core/model/model-config.js';
import { isolatedEnv, repoRoot } from '../helpers/cli.js';
import { build } from './build.js';

const run = promisify(execFile);

interface PackResult {
  filename: string;
  files: Array<{ path: string; mode: number }>;
}

// --ignore-scripts: pack what dist/ holds now instead of rebuilding through `prepare`.
async function pack(destination?: string): Promise<PackResult> {
  const args = ['pack', '--json', '--ignore-scripts', ...(destination ? ['--pack-destination', destination] : ['--dry-run'])];
  const { stdout } = await run('npm', args, { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(stdout) as PackResult[])[0]!;
}

beforeAll(() => build(), 120_000);

/** The package as npm would install it: the tarball unpacked, the dependencies beside it. */
async function unpacked(): Promise<{ work: string; installed: string }> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'oryon-pack-'));
  const { filename } = await pack(work);
  await run('tar', ['-xzf', path.join(work, filename), '-C', work]);
  const installed = path.join(work, 'package');
  // Stand-in for `npm i`: the dependencies the install would add, nothing from the checkout's tree.
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(installed, 'node_modules'), 'dir');
  return { work, installed };
}

describe('the npm package', () => {
  it('declares the bin, Node >= 20 and ships dist/, bin/, config/, prompts/, datasets/ and nothing of the dev tree', async () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      engines: { node: string };
      type: string;
    };
    expect(manifest.bin).toEqual({ oryon: 'bin/oryon' });
    expect(manifest.engines.node).toBe('>=20');
    expect(manifest.type).toBe('module');

    const { files } = await pack();
    const paths = files.map((file) => file.path);
    for (const needed of ['bin/oryon', 'dist/cli/main.js', 'dist/cli/program.js', 'config/config.yaml', 'config/policy.yaml', 'package.json']) {
      expect(paths, needed).toContain(needed);
    }
    expect(paths.some((p) => p.startsWith('prompts/') && p.endsWith('.md'))).toBe(true);
    expect(paths.some((p) => p.startsWith('datasets/'))).toBe(true);
    // Dev files and build leftovers stay out: sources, tests, maps without sources, tsc state.
    expect(paths.filter((p) => /^(src|test|bench|node_modules)\//.test(p) || p.endsWith('.map') || p.includes('tsbuildinfo'))).toEqual([]);
    const bin = files.find((file) => file.path === 'bin/oryon')!;
    expect(bin.mode & 0o111).not.toBe(0);
    expect(readFileSync(path.join(repoRoot, 'bin/oryon'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs from the unpacked tarball alone (its dependencies beside it)', async () => {
    const { work, installed } = await unpacked();
    expect(statSync(path.join(installed, 'bin', 'oryon')).mode & 0o111).not.toBe(0);

    const port = await closedPort();
    const env = isolatedEnv({ OLLAMA_HOST: `127.0.0.1:${port}` });
    const bin = path.join(installed, 'bin', 'oryon');
    const version = await run(process.execPath, [bin, '--version'], { env });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);

    // doctor reads the packaged config and policy from the unpacked package, not the checkout.
    const cwd = path.join(work, 'elsewhere');
    mkdirSync(cwd);
    const doctor = await run(process.execPath, [bin, 'doctor', '--json'], { env, cwd }).catch((error: { stdout: string }) => error);
    const report = JSON.parse(doctor.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string }> };
    const check = (name: string) => report.checks.find((c) => c.name === name)!;
    expect(check('config')).toMatchObject({ ok: true });
    expect(check('policy')).toMatchObject({ ok: true });
    expect(check('ast-grep').ok).toBe(true);
    expect(check('ollama').detail).toBe(`cannot reach Ollama at http://127.0.0.1:${port}`);
  }, 60_000);

  it('answers `gate --staged` and `memory index` through the shipped bundles, and the same from the ES modules without them', async () => {
    const { work, installed } = await unpacked();
    const bundles = path.join(installed, 'dist', 'config');
    const shipped = readdirSync(bundles).filter((file) => /^(fast-.*|staged-probe)\.cjs$/.test(file));
    expect(shipped).toContain('fast-paths.cjs');
    expect(shipped).toContain('staged-probe.cjs');

    const repo = path.join(work, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    writeFileSync(path.join(repo, 'app.py'), 'def f():\n    return 0\n');
    git('add', '-A');
    git('commit', '-qm', 'init');
    const env = isolatedEnv({ OLLAMA_HOST: `127.0.0.1:${await closedPort()}`, NO_COLOR: '1' });
    const bin = path.join(installed, 'bin', 'oryon');
    let version = 0;
    const both = async () => {
      writeFileSync(path.join(repo, 'app.py'), `def f():\n    return ${++version}\n`);
      git('add', 'app.py');
      const gate = await run(process.execPath, [bin, 'gate', '--staged'], { env, cwd: repo });
      const memory = await run(process.execPath, [bin, 'memory', 'index'], { env, cwd: repo });
      return { gate: gate.stdout, memory: memory.stdout.replace(/\d+ ms/, 'N ms').replace(/\(\d+\/s\)/, '(N/s)') };
    };
    await both(); // the first index takes the whole repo; compare one-file re-indexes
    const bundled = await both();
    expect(bundled.gate).toBe('gate passed: 1 file, 0 findings (0 blocking, 0 suppressed)\n');
    expect(bundled.memory).toMatch(/^indexed 1 changed file\(s\)/);
    for (const file of shipped) rmSync(path.join(bundles, file));
    expect(await both()).toEqual(bundled);
  }, 60_000);
});
