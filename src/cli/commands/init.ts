import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { packagedConfigPath, projectConfigPath, projectPolicyPath } from '../../config/paths.js';
import { BadInputError } from '../../core/errors.js';
import { type CommonOptions, resolveRepo } from '../context.js';
import { out, printJson } from '../output.js';

interface InitOptions extends CommonOptions {
  force?: boolean;
}

const CONFIG_HEADER = `# oryon project settings (commit this file). Every line below is commented out and
# shows the packaged default; uncomment what this project should change.
`;

/** The packaged defaults with every setting commented out, comments kept. */
export function commentedConfig(): string {
  const defaults = readFileSync(packagedConfigPath('config.yaml'), 'utf8');
  const body = defaults
    .split('\n')
    .filter((line, index, lines) => !(line.startsWith('#') && lines.slice(0, index).every((l) => l.startsWith('#'))))
    .map((line) => (line.trim() === '' || line.trimStart().startsWith('#') ? line : `# ${line}`))
    .join('\n');
  return CONFIG_HEADER + body;
}

export async function initCommand(_options: InitOptions, command: Command): Promise<number> {
  const options = command.optsWithGlobals<InitOptions>();
  const repo = resolveRepo(options);
  const targets = [
    { file: projectConfigPath(repo), text: commentedConfig() },
    { file: projectPolicyPath(repo), text: readFileSync(packagedConfigPath('policy.yaml'), 'utf8') },
  ];
  const existing = targets.filter((target) => existsSync(target.file));
  if (existing.length && !options.force) {
    const names = existing.map((t) => path.relative(repo, t.file));
    throw new BadInputError(`${names.join(' and ')} already ${names.length === 1 ? 'exists' : 'exist'}`, {
      hint: `pass --force to overwrite ${names.length === 1 ? 'it' : 'them'}`,
    });
  }
  mkdirSync(path.join(repo, '.oryon'), { recursive: true });
  for (const target of targets) writeFileSync(target.file, target.text);
  const written = targets.map((t) => path.relative(repo, t.file));
  if (options.json) printJson({ written });
  else for (const file of written) out(`wrote ${file}`);
  return 0;
}
