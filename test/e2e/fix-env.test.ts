// `oryon fix` on projects with installed, git-ignored dependencies (issue 10): the
// worktree's sandbox sees the user's node_modules / .venv read-only, the fix commits,
// and the user's tree (installed packages included) stays byte-identical.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama, type FakeReply } from '../helpers/fake-ollama.js';
import { git, snapshot } from '../helpers/git-repo.js';
import { nodeProject, venvProject, workspaceProject, type Project } from '../helpers/projects.js';
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

async function fixProject(project: Project, extraReplies: FakeReply[] = []): Promise<{ code: number | null; doc: Record<string, any>; stderr: string; env: Record<string, string> }> {
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
