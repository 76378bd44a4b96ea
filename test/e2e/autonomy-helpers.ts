// Shared by the autonomy end-to-end tests: a Python project with a committed policy, a
// local bare repository as its `origin`, and a recording `gh` stand-in for PATH.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { datasetRepo, git, tempDir, type DatasetTask } from '../helpers/git-repo.js';

export interface AutonomyRepo extends DatasetTask {
  /** The bare repository the project's origin points at. */
  remote: string;
}

/** py-fib with `.oryon/policy.yaml` committed (then trusted, when it loosens), and origin → a bare repo. */
export async function autonomyRepo(policyYaml: string | undefined, env: Record<string, string>): Promise<AutonomyRepo> {
  const task = datasetRepo('py-fib');
  const remote = path.join(tempDir('oryon-remote-'), 'origin.git');
  git(path.dirname(remote), 'init', '-q', '--bare', '-b', 'main', remote);
  git(task.root, 'remote', 'add', 'origin', remote);
  git(task.root, 'push', '-q', 'origin', 'main');
  if (policyYaml !== undefined) {
    mkdirSync(path.join(task.root, '.oryon'), { recursive: true });
    writeFileSync(path.join(task.root, '.oryon', 'policy.yaml'), policyYaml);
    git(task.root, 'add', '.oryon/policy.yaml');
    git(task.root, 'commit', '-q', '-m', 'oryon policy');
    const trusted = await runCli(['trust'], { cwd: task.root, env });
    if (trusted.code !== 0) throw new Error(`oryon trust failed: ${trusted.stderr}`);
  }
  return { ...task, remote };
}

/** Branches on the bare remote. */
export function remoteBranches(remote: string): Record<string, string> {
  const out = git(remote, 'for-each-ref', '--format=%(refname:lstrip=2) %(objectname)', 'refs/heads');
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string]),
  );
}

export interface GhStandIn {
  /** Directory to put first on PATH. */
  bin: string;
  /** Each `gh` call's argv (one array per call), in order. */
  calls(): string[][];
  /** What `gh pr create` read on stdin (the --body-file -). */
  body(): string;
}

/** A `gh` that is "logged in", records argv and stdin, and prints a PR URL like the real one. */
export function ghStandIn(url = 'https://github.com/acme/fib/pull/7'): GhStandIn {
  const bin = tempDir('oryon-gh-');
  const log = path.join(bin, 'calls.jsonl');
  const body = path.join(bin, 'body.txt');
  const script = `#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
if (args[0] === 'auth') process.exit(0);
if (args[0] === 'pr' && args[1] === 'create') {
  fs.writeFileSync(${JSON.stringify(body)}, fs.readFileSync(0));
  process.stdout.write('Creating pull request for branch into main\\n\\n${url}\\n');
  process.exit(0);
}
process.exit(1);
`;
  writeFileSync(path.join(bin, 'gh'), script);
  chmodSync(path.join(bin, 'gh'), 0o755);
  return {
    bin,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as string[])
        : [],
    body: () => (existsSync(body) ? readFileSync(body, 'utf8') : ''),
  };
}

export const reviewReply = (approve: boolean, confidence: number, concerns: string[] = []): string => JSON.stringify({ approve, confidence, concerns });
