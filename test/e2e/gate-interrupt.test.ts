// Ctrl-C during `oryon gate --staged` on a real commit, through the hook's direct path,
// which starts git and ast-grep before the rest of the gate loads (src/cli/gate-early.ts):
// exit 130, the scanner stopped, its temp copy of the index gone, the index untouched.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, isolatedEnv } from '../helpers/cli.js';
import { git, makeRepo, tempDir, writeFile } from '../helpers/git-repo.js';
import { processesWith, uniqueMarker, waitUntil } from '../core/sandbox/fixture.js';

describe('oryon gate --staged, interrupted', () => {
  it('Ctrl-C while ast-grep scans: exit 130, no scanner left, no temp copy left, the index as it was', async () => {
    const repo = makeRepo({ 'README.md': 'hi\n' });
    // Enough code that ast-grep is still scanning when the signal comes.
    const body = Array.from({ length: 400 }, (_, i) => `export function handler${i}(input: string): string {\n  return input.trim() + '${i}';\n}\n`).join('');
    // The files' names mark ast-grep's command line, to find the process.
    const marker = uniqueMarker();
    for (let n = 0; n < 120; n++) writeFile(repo, `src/módulo_${n}_${marker}.ts`, body);
    git(repo, 'add', '-A');
    const indexBefore = readFileSync(path.join(repo, '.git', 'index'));
    const tmp = tempDir();
    const env = { ...isolatedEnv(), TMPDIR: tmp };
    mkdirSync(tmp, { recursive: true });
    const child = spawn(process.execPath, [binPath, 'gate', '--staged'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // The temp copy exists from just before ast-grep starts until it is done.
    const scanning = await waitUntil(() => readdirSync(tmp).some((name) => name.startsWith('oryon-gate-')) && processesWith(marker).length > 0, 20_000);
    expect(scanning).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/interrupted/i);
    expect(readdirSync(tmp).filter((name) => name.startsWith('oryon-gate-'))).toEqual([]);
    expect(await waitUntil(() => processesWith(marker).length === 0, 5_000)).toBe(true);
    expect(readFileSync(path.join(repo, '.git', 'index')).equals(indexBefore)).toBe(true);
    expect(existsSync(path.join(repo, 'src', `módulo_0_${marker}.ts`))).toBe(true);
  }, 60_000);
});
