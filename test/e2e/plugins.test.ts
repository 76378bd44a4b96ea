// Plugins end to end: the example plugin's gate blocks a staged console.log in TypeScript
// through `oryon gate --staged` (and so the pre-commit hook); bad plugins are named.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { git, makeRepo, writeFile } from '../helpers/git-repo.js';
import { build } from './build.js';

const EXAMPLE = path.resolve('examples/plugins/no-console-log.mjs');
beforeAll(build, 120_000);

function withPlugins(plugins: string[]): Record<string, string> {
  const env = isolatedEnv();
  mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'oryon'), { recursive: true });
  writeFileSync(path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'), `plugins: ${JSON.stringify(plugins)}\n`);
  return env;
}

describe('plugins (e2e)', () => {
  it("the example plugin's gate blocks a staged console.log in a changed TypeScript line, and only there", async () => {
    const repo = makeRepo({
      'src/app.ts': 'export function add(a: number, b: number): number {\n  console.log("old line, unchanged");\n  return a + b;\n}\n',
      'tools/run.js': '',
    });
    const env = withPlugins([EXAMPLE]);
    writeFile(
      repo,
      'src/app.ts',
      'export function add(a: number, b: number): number {\n  console.log("old line, unchanged");\n  console.log(a, b);\n  return a + b; // console.log is fine in a comment\n}\n',
    );
    writeFile(repo, 'tools/run.js', 'console.log("js is not checked");\n');
    git(repo, 'add', '-A');
    const blocked = await runCli(['gate', '--staged', '--json'], { cwd: repo, env });
    expect(blocked.code, blocked.stderr).toBe(1);
    const report = JSON.parse(blocked.stdout);
    const plugin = report.findings.filter((f: { rule: string }) => f.rule.startsWith('plugin/'));
    expect(plugin).toEqual([
      expect.objectContaining({ rule: 'plugin/no-console-log/console-log/console-log', file: 'src/app.ts', line: 3, severity: 'high', blocking: true }),
    ]);
    expect(report.plugins['no-console-log/console-log']).toMatchObject({ ms: expect.any(Number) });

    // SARIF output carries the plugin finding too; a clean change passes.
    git(repo, 'reset', '-q');
    writeFile(repo, 'src/app.ts', 'export const x = 1;\nconsole.log(x);\n');
    git(repo, 'add', 'src/app.ts');
    const sarif = await runCli(['gate', '--staged', '--sarif', path.join(repo, '..', 'gate.sarif')], { cwd: repo, env });
    expect(sarif.code).toBe(1);
    expect(sarif.stdout).toContain('plugin/no-console-log/console-log/console-log');
    git(repo, 'commit', '-qm', 'clean');
    writeFile(repo, 'src/app.ts', 'export const x = 2;\n');
    git(repo, 'add', 'src/app.ts');
    expect((await runCli(['gate', '--staged'], { cwd: repo, env })).code).toBe(0);
  }, 60_000);

  it('a missing plugin or one of the wrong shape stops with exit 2 naming it; one that throws fails its own gate', async () => {
    const repo = makeRepo({ 'a.ts': 'export const a = 1;\n' });
    writeFile(repo, 'a.ts', 'export const a = 2;\n');
    git(repo, 'add', '-A');
    const missing = await runCli(['gate', '--staged'], { cwd: repo, env: withPlugins(['./plugins/nope.mjs']) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/plugins: \.\/plugins\/nope\.mjs: no such file/);

    writeFile(repo, 'plugins/wrong.mjs', 'export default { name: "wrong", gates: [{ name: "g" }] };\n');
    const wrong = await runCli(['gate', '--staged'], { cwd: repo, env: withPlugins(['./plugins/wrong.mjs']) });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/plugins: \.\/plugins\/wrong\.mjs: not a plugin definition: gates\.0\.run: expected a function/);

    writeFile(repo, 'plugins/throws.mjs', 'export default { name: "thrower", gates: [{ name: "boom", run() { throw new Error("kaput"); } }] };\n');
    const thrown = await runCli(['gate', '--staged', '--json'], { cwd: repo, env: withPlugins(['./plugins/throws.mjs', EXAMPLE]) });
    expect(thrown.code).toBe(1);
    const report = JSON.parse(thrown.stdout);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'plugin/thrower/boom/failed', message: 'plugin gate thrower/boom failed: kaput', blocking: true }),
    );
    expect(report.plugins['no-console-log/console-log']).toEqual({ ms: expect.any(Number) });
  }, 60_000);
});
