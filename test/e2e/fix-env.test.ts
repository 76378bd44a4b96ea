// `oryon fix` on projects with installed, git-ignored dependencies (issue 10): the
// worktree's sandbox sees the user's node_modules / .venv read-only, the fix commits,
// and the user's tree (installed packages included) stays byte-identical.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama, type FakeReply } from '../helpers/fake-ollama.js';
import { git, makeRepo, snapshot } from '../helpers/git-repo.js';
import { nodeProject, venvProject, workspaceProject, type Project } from '../helpers/projects.js';
import { runCli } from '../helpers/cli.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

async function serve(replies: FakeReply[]): Promise<FakeOllama> {
  fake = await startFakeOllama({ replies });
  return fake;
}

async function fixProject(
  project: Project,
  extraReplies: FakeReply[] = [],
): Promise<{ code: number | null; doc: Record<string, any>; stderr: string; env: Record<string, string> }> {
  const server = await serve([{ content: planReply([project.file]) }, { content: project.reply }, ...extraReplies]);
  const env = fixEnv(server.url);
  const result = await fix(project.root, ['--json', project.issue], env);
  return { code: result.code, doc: result.stdout ? JSON.parse(result.stdout) : {}, stderr: result.stderr, env };
}

describe('oryon fix with the project installed environment (e2e)', () => {
  it('Node: a test importing a package present only in node_modules passes; the fix commits; the tree is unchanged', async () => {
    const project = nodeProject();
    const before = snapshot(project.root);
    const { code, doc, stderr, env } = await fixProject(project);
    expect(stderr).toContain('environment: node_modules shared read-only');
    expect(stderr).toContain('test: passed');
    expect(code).toBe(0);
    expect(doc.branch).toMatch(/^oryon\//);
    expect(git(project.root, 'show', `${doc.branch}:${project.file}`)).toBe(project.fixed);
    expect(git(project.root, 'show', '--name-only', '--format=', doc.branch).trim()).toBe(project.file);
    expect(snapshot(project.root)).toEqual(before);
    const story = JSON.parse((await runs(project.root, ['show', doc.run_id, '--json'], env)).stdout);
    expect(story.environment.shared).toEqual([expect.objectContaining({ path: 'node_modules', kind: 'node' })]);
  });

  it('an npm workspaces monorepo: the package under test resolves from the root node_modules', async () => {
    const project = workspaceProject();
    const before = snapshot(project.root);
    const { code, doc, stderr } = await fixProject(project);
    expect(stderr).toContain('test: passed');
    expect(code).toBe(0);
    expect(git(project.root, 'show', `${doc.branch}:${project.file}`)).toBe(project.fixed);
    expect(snapshot(project.root)).toEqual(before);
  });

  it('Python: the tests run with the project .venv, which alone has the imported module', async () => {
    const project = venvProject();
    const before = snapshot(project.root);
    const { code, doc, stderr, env } = await fixProject(project);
    expect(stderr).toContain('tests use .venv');
    expect(stderr).toContain('test: passed');
    expect(code).toBe(0);
    expect(git(project.root, 'show', `${doc.branch}:${project.file}`)).toBe(project.fixed);
    expect(snapshot(project.root)).toEqual(before);
    const story = JSON.parse((await runs(project.root, ['show', doc.run_id, '--json'], env)).stdout);
    expect(story.environment.venv).toBe('.venv');
    expect(story.tests[0].command[0]).toBe('.venv/bin/python');
  });
});

describe('the shared environment is read-only, and dependency changes need network.install (e2e)', () => {
  it('a test that writes into the shared node_modules cannot; the user node_modules stays byte-identical', async () => {
    const project = nodeProject();
    // The repo's own test tries to tamper with the installed package and to drop a new file next to it.
    writeFileSync(
      path.join(project.root, 'test', 'tamper.test.js'),
      `const test = require('node:test');\nconst assert = require('node:assert');\nconst fs = require('node:fs');\n\ntest('cannot change installed packages', () => {\n  assert.throws(() => fs.writeFileSync(require.resolve('ms'), 'module.exports = () => 0;'), /EROFS|EACCES|EPERM/);\n  assert.throws(() => fs.writeFileSync('node_modules/ms/planted.js', 'x'), /EROFS|EACCES|EPERM/);\n  assert.throws(() => fs.rmSync('node_modules/ms', { recursive: true }), /EROFS|EACCES|EPERM|EBUSY/);\n});\n`,
    );
    git(project.root, 'add', '-A');
    git(project.root, 'commit', '-q', '-m', 'tamper test');
    const before = snapshot(project.root);
    const { code, stderr } = await fixProject(project);
    expect(stderr).toContain('test: passed');
    expect(code).toBe(0);
    expect(snapshot(project.root)).toEqual(before);
    expect(existsSync(path.join(project.root, 'node_modules', 'ms', 'planted.js'))).toBe(false);
  });

  it('a change that adds a dependency with installs denied: exit 4 naming network.install, decision journaled', async () => {
    const project = nodeProject();
    const before = snapshot(project.root);
    const manifest = JSON.parse(readFileSync(path.join(project.root, 'package.json'), 'utf8'));
    manifest.dependencies['left-pad'] = '^1.3.0';
    const reply = `package.json\n\`\`\`\n${JSON.stringify(manifest, null, 2)}\n\`\`\`\n\n${project.reply}`;
    const server = await serve([{ content: planReply(['package.json', project.file]) }, { content: reply }]);
    const env = fixEnv(server.url);
    const result = await fix(project.root, ['--json', project.issue], env);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('network.install');
    expect(result.stderr).toContain('dependencies in package.json');
    const doc = JSON.parse(result.stdout);
    const story = JSON.parse((await runs(project.root, ['show', doc.run_id, '--json'], env)).stdout);
    expect(story.decisions).toContainEqual(expect.objectContaining({ rule: 'network.install', allowed: false }));
    expect(snapshot(project.root)).toEqual(before);
  });

  it('with network.install allowed, a dependency change gets a private install in the worktree; the user tree is untouched', async () => {
    // file: dependencies install without a registry, so this runs offline.
    const fixed = "const pad = require('pad');\n\nmodule.exports = { label: (n) => pad(String(n), 3) };\n";
    const root = makeRepo({
      '.gitignore': 'node_modules/\n',
      '.oryon/policy.yaml': 'network:\n  install: allow\n',
      'package.json': JSON.stringify({ name: 'labels', version: '1.0.0', private: true, scripts: { test: 'node --test' } }, null, 2) + '\n',
      'vendor/pad/package.json': JSON.stringify({ name: 'pad', version: '1.0.0', main: 'index.js' }),
      'vendor/pad/index.js': "module.exports = (text, width) => text.padStart(width, '0');\n",
      'label.js': 'module.exports = { label: (n) => String(n) };\n',
      'label.test.js':
        "const test = require('node:test');\nconst assert = require('node:assert');\nconst { label } = require('./label.js');\n\ntest('pads', () => assert.strictEqual(label(7), '007'));\n",
    });
    mkdirSync(path.join(root, 'node_modules'));
    const before = snapshot(root);
    const manifest = { name: 'labels', version: '1.0.0', private: true, scripts: { test: 'node --test' }, dependencies: { pad: 'file:vendor/pad' } };
    const reply = `package.json\n\`\`\`\n${JSON.stringify(manifest, null, 2)}\n\`\`\`\n\nlabel.js\n\`\`\`\n${fixed}\`\`\`\n`;
    const server = await serve([{ content: planReply(['package.json', 'label.js']) }, { content: reply }]);
    const env = fixEnv(server.url);
    // network.install: allow loosens the packaged policy, so the user trusts the repo's file first.
    const untrusted = await fix(root, ['--json', 'label() should pad'], env);
    expect(untrusted.code).toBe(4);
    expect(untrusted.stderr).toContain('network.install');
    expect((await runCli(['trust'], { cwd: root, env })).code).toBe(0);
    const result = await fix(root, ['--json', 'label() should pad to three digits with the vendored pad package'], env);
    expect(result.stderr).toContain('building a private node environment');
    expect(result.stderr).toContain('test: passed');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(git(root, 'show', '--name-only', '--format=', doc.branch).trim().split('\n').sort()).toEqual(['label.js', 'package.json']);
    expect(snapshot(root)).toEqual(before);
    const story = JSON.parse((await runs(root, ['show', doc.run_id, '--json'], env)).stdout);
    expect(story.setup).toContainEqual(expect.objectContaining({ kind: 'install', outcome: 'passed' }));
    expect(story.decisions).toContainEqual(expect.objectContaining({ rule: 'network.install', allowed: true }));
  });

  it('test.setup runs in the sandbox before the first test run, and its output is journaled', async () => {
    const project = nodeProject();
    const server = await serve([{ content: planReply([project.file]) }, { content: project.reply }]);
    const env = fixEnv(server.url);
    writeFileSync(path.join(project.root, 'setup.js'), `console.log('generated the fixtures for', process.env.VIRTUAL_ENV ?? 'node');\n`);
    mkdirSync(path.join(project.root, '.oryon'), { recursive: true });
    writeFileSync(path.join(project.root, '.oryon', 'config.yaml'), 'test:\n  setup: ["node setup.js"]\n');
    git(project.root, 'add', '-A');
    git(project.root, 'commit', '-q', '-m', 'setup step');
    const result = await fix(project.root, ['--json', project.issue], env);
    expect(result.stderr).toContain('setup: node setup.js');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    const shown = await runs(project.root, ['show', doc.run_id], env);
    expect(shown.stdout).toContain('Setup and installs');
    expect(shown.stdout).toContain('generated the fixtures for node');
  });
});
