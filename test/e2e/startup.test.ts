import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubToken } from '../helpers/secret-tokens.js';

const root = path.resolve(import.meta.dirname, '..', '..');

function loadedModules(args: string[], env: Record<string, string> = {}, cwd = root): string[] {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'oryon-loads-')), 'loads.txt');
  // The exit code does not matter here (a blocked gate exits 1): what was loaded does.
  spawnSync(process.execPath, ['--import', path.join(root, 'test/helpers/record-loads.mjs'), path.join(root, 'bin/oryon'), ...args], {
    cwd,
    env: { ...process.env, ...env, RECORD_LOADS_FILE: file },
    stdio: 'ignore',
  });
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** Whether the gate itself ran: its modules, or its chunk of the fast paths' bundle (scripts/bundle-fast-paths.mjs). */
function ranTheGate(modules: string[]): boolean {
  return modules.some((m) => m.includes('dist/core/gates/run-gates.js') || /dist\/config\/fast-gate-[\w-]+\.cjs$/.test(m));
}

/** A repo with one commit (app.py), its git, and an environment with its own ORYON_HOME. */
function committedRepo(prefix: string) {
  const repo = mkdtempSync(path.join(os.tmpdir(), prefix));
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { stdio: 'ignore' });
  git('init', '-q');
  writeFileSync(path.join(repo, 'app.py'), 'x = 1\n');
  git('add', '-A');
  git('commit', '-qm', 'init');
  return { repo, git, env: { ...process.env, NO_COLOR: '1', ORYON_HOME: `${repo}-state` } };
}

// Speed is measured by `npm run bench`; this guards the reason it is fast.
describe('startup stays light', () => {
  const FAST: string[] = [];
  // With nothing staged, bin/oryon answers through one CommonJS file: the bundle of
  // dist/cli/staged-probe.js (settings cache, staged state), built by scripts/bundle-fast-paths.mjs.
  const FAST_GATE = ['dist/config/staged-probe.cjs'];

  it.each([['--version'], ['-V'], ['--help'], ['-h']])('oryon %s answers from bin/oryon alone: no module loaded', (flag) => {
    const modules = loadedModules([flag]);
    expect(modules.filter((m) => m.includes('node_modules') || (m.includes('/dist/') && !FAST.some((fast) => m.endsWith(fast))))).toEqual([]);
  });

  it.each([['--version'], ['--help']])('oryon %s answers exactly as the full CLI does', (flag) => {
    const run = (env: Record<string, string>) =>
      execFileSync(process.execPath, [path.join(root, 'bin/oryon'), flag], { env: { ...process.env, NO_COLOR: '1', COLUMNS: '80', ...env }, encoding: 'utf8' });
    expect(run({})).toBe(run({ ORYON_FULL_CLI: '1' }));
  });

  it(
    'oryon gate --staged with nothing staged answers from the fast path, exactly as the full gate; a staged change runs the full gate',
    { timeout: 120_000 },
    () => {
      const { repo, git, env } = committedRepo('oryon-fast-gate-');
      const gate = (extra: Record<string, string> = {}) =>
        execFileSync(process.execPath, [path.join(root, 'bin/oryon'), 'gate', '--staged'], { cwd: repo, env: { ...env, ...extra }, encoding: 'utf8' });
      // The first gate validates the settings (and caches them); from then on, nothing
      // staged is answered by the fast path, with the same words.
      const full = gate({ ORYON_FULL_CLI: '1' });
      expect(gate()).toBe(full);
      const quiet = loadedModules(['gate', '--staged'], { NO_COLOR: '1', ORYON_HOME: env.ORYON_HOME }, repo);
      expect(quiet.filter((m) => m.includes('node_modules') || (m.includes('/dist/') && !FAST_GATE.some((fast) => m.endsWith(fast))))).toEqual([]);
      // No ES module of ours at all: the ES module loader is what the bundle saves.
      expect(quiet.some((m) => m.endsWith('dist/config/staged-probe.cjs'))).toBe(true);
      expect(quiet.filter((m) => m.startsWith('file:') && m.includes('/dist/'))).toEqual([]);
      // Not even node:crypto (about 6 ms to load): the caches compare text and git's own index checksum.
      expect(quiet).not.toContain('node:crypto');
      // Staged: the full gate runs (and loads it).
      writeFileSync(path.join(repo, 'app.py'), 'x = 2\n');
      git('add', 'app.py');
      expect(gate()).toContain('gate passed: 1 file');
      expect(ranTheGate(loadedModules(['gate', '--staged'], { NO_COLOR: '1', ORYON_HOME: env.ORYON_HOME }, repo))).toBe(true);
      git('commit', '-qm', 'two');
      // A new index and HEAD: the full gate checks them (the fast path no longer asks git
      // first) and, finding nothing, lets the fast path answer for them from then on.
      const afterCommit = () => loadedModules(['gate', '--staged'], { NO_COLOR: '1', ORYON_HOME: env.ORYON_HOME }, repo);
      expect(ranTheGate(afterCommit())).toBe(true);
      expect(ranTheGate(afterCommit())).toBe(false);
      expect(gate()).toBe(full);
      // An edited config is validated again, by the full gate, even with nothing staged.
      mkdirSync(path.join(repo, '.oryon'), { recursive: true });
      writeFileSync(path.join(repo, '.oryon', 'config.yaml'), 'security:\n  engines: [grep]\n');
      expect(() => gate()).toThrow(/security\.engines/);
    },
  );

  it('oryon gate --staged with staged changes runs the gate without commander, printing and exiting as the full CLI does', { timeout: 120_000 }, () => {
    const { repo, git, env } = committedRepo('oryon-direct-gate-');
    const gate = (extra: Record<string, string> = {}) => {
      try {
        const stdout = execFileSync(process.execPath, [path.join(root, 'bin/oryon'), 'gate', '--staged'], {
          cwd: repo,
          env: { ...env, ...extra },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        return { code: 0, stdout, stderr: '' };
      } catch (error) {
        const failed = error as { status: number; stdout: string; stderr: string };
        return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
      }
    };
    // A clean change: the gate runs, without commander, and without node:zlib (only a
    // GitHub- or npm-shaped token needs its CRC32).
    writeFileSync(path.join(repo, 'app.py'), 'x = 2\n');
    git('add', 'app.py');
    expect(gate()).toEqual(gate({ ORYON_FULL_CLI: '1' }));
    const modules = loadedModules(['gate', '--staged'], { NO_COLOR: '1', ORYON_HOME: env.ORYON_HOME }, repo);
    expect(ranTheGate(modules)).toBe(true);
    expect(modules.filter((m) => m.includes('commander') || m.endsWith('dist/cli/main.js') || m.endsWith('dist/cli/program.js'))).toEqual([]);
    // Through the CommonJS bundle: no ES module of ours.
    expect(modules.some((m) => m.endsWith('dist/config/fast-paths.cjs'))).toBe(true);
    expect(modules.filter((m) => m.startsWith('file:') && m.includes('/dist/'))).toEqual([]);
    expect(modules).not.toContain('node:zlib');
    // A blocking finding: exit 1, the same report.
    writeFileSync(path.join(repo, 'app.py'), `token = "${githubToken()}"\n`);
    git('add', 'app.py');
    const blocked = gate();
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('secrets/github-token');
    expect(blocked).toEqual(gate({ ORYON_FULL_CLI: '1' }));
    // Bad input: exit 2 with the same message and hint.
    mkdirSync(path.join(repo, '.oryon'), { recursive: true });
    writeFileSync(path.join(repo, '.oryon', 'config.yaml'), 'security:\n  engines: [grep]\n');
    const invalid = gate();
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/security\.engines/);
    expect(invalid).toEqual(gate({ ORYON_FULL_CLI: '1' }));
  });

  it('oryon memory index runs through the bundle without commander, printing and exiting as the full CLI does', { timeout: 120_000 }, () => {
    const { repo, git, env } = committedRepo('oryon-fast-memory-');
    const outside = mkdtempSync(path.join(os.tmpdir(), 'oryon-fast-memory-cwd-'));
    const memory = (args: string[], extra: Record<string, string> = {}, cwd = repo) => {
      const result = spawnSync(process.execPath, [path.join(root, 'bin/oryon'), 'memory', 'index', ...args], {
        cwd,
        env: { ...env, OLLAMA_HOST: 'http://127.0.0.1:9', ...extra },
        encoding: 'utf8',
      });
      // Timings differ from run to run; everything else must not.
      const steady = (text: string) =>
        text
          .replace(/\d+ ms/g, 'N ms')
          .replace(/\(\d+\/s\)/g, '(N/s)')
          .replace(/"(ms|dbBytes)": \d+/g, '"$1": 0');
      return { code: result.status, stdout: steady(result.stdout), stderr: result.stderr };
    };
    let version = 0;
    const edit = () => {
      writeFileSync(path.join(repo, 'app.py'), `def f():\n    return ${++version}\n`);
      git('add', 'app.py');
    };
    // Each run after an edit of one file: the shortcut and the full CLI in the same state.
    const both = (args: string[], cwd = repo) => {
      edit();
      const fast = memory(args, {}, cwd);
      edit();
      expect(fast).toEqual(memory(args, { ORYON_FULL_CLI: '1' }, cwd));
      return fast;
    };
    expect(both([]).stdout).toMatch(/^indexed 1 changed file\(s\)/);
    expect(JSON.parse(both(['--json']).stdout)).toMatchObject({ files: 1, embedder: 'offline:v1-384' });
    // --repo from elsewhere, both spellings; --full.
    expect(both(['--repo', repo], outside)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^indexed 1 changed file/) });
    expect(both([`--repo=${repo}`, '--full'], outside).stdout).toMatch(/^indexed 1 changed file/);
    // Not a repo: exit 2, the same message and hint.
    const notRepo = memory([], {}, outside);
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toMatch(/not a git repository/);
    expect(notRepo).toEqual(memory([], { ORYON_FULL_CLI: '1' }, outside));
    // An invalid config: exit 2 naming the file, line and key, the same as the full CLI.
    mkdirSync(path.join(repo, '.oryon'), { recursive: true });
    writeFileSync(path.join(repo, '.oryon', 'config.yaml'), 'memory:\n  embedder: nonsense\n');
    const invalid = memory([]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/\.oryon\/config\.yaml:2.*memory\.embedder/);
    expect(invalid).toEqual(memory([], { ORYON_FULL_CLI: '1' }));
    rmSync(path.join(repo, '.oryon'), { recursive: true });
    // A flag the shortcut does not know: commander answers, as always.
    const unknown = memory(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--bogus'/);
    // What it loads: the CommonJS bundle, SQLite and sqlite-vec; no commander, no ES module of ours.
    edit();
    const modules = loadedModules(['memory', 'index'], { NO_COLOR: '1', ORYON_HOME: env.ORYON_HOME, OLLAMA_HOST: 'http://127.0.0.1:9' }, repo);
    expect(modules.some((m) => m.endsWith('dist/config/fast-paths.cjs'))).toBe(true);
    expect(modules.some((m) => m.includes('better-sqlite3'))).toBe(true);
    // The addon is given to better-sqlite3 by path, not searched for by the `bindings` package.
    expect(modules.filter((m) => m.includes('/node_modules/bindings/'))).toEqual([]);
    expect(modules.filter((m) => m.includes('commander') || (m.startsWith('file:') && m.includes('/dist/')))).toEqual([]);
    // Nothing listens on the model port: the refused connection is the answer, with no HTTP client loaded.
    expect(modules).not.toContain('node:http');
  });

  it.each([['--version'], ['--help']])('the full CLI for oryon %s loads no ink, React, SQLite or scanners', (flag) => {
    const modules = loadedModules([flag], { ORYON_FULL_CLI: '1' });
    expect(modules.some((m) => m.includes('commander'))).toBe(true);
    for (const heavy of ['/ink/', '/react/', 'better-sqlite3', 'sqlite-vec', '@ast-grep', '/ollama/', '/execa/']) {
      expect(
        modules.filter((m) => m.includes(heavy)),
        heavy,
      ).toEqual([]);
    }
  });
  it('oryon hook install loads no config schemas, YAML, simple-git, SQLite, ink or model client', () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'oryon-hook-light-'));
    execFileSync('git', ['init', '-q', repo]);
    const modules = loadedModules(['hook', 'install'], { ORYON_HOME: `${repo}-state` }, repo);
    expect(readFileSync(path.join(repo, '.git', 'hooks', 'pre-commit'), 'utf8')).toContain('gate --staged');
    for (const heavy of ['/zod/', '/yaml/', 'simple-git', 'better-sqlite3', '/ink/', '/react/', '/ollama/', '/openai/', 'dist/config/load.js']) {
      expect(
        modules.filter((m) => m.includes(heavy)),
        heavy,
      ).toEqual([]);
    }
  });
});
