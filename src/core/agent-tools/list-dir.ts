import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import nodePath from 'node:path';
import { z } from 'zod';
import { decidePath } from '../policy/decide.js';
import { defineTool } from './define.js';
import { readablePath } from './paths.js';
import { ToolError } from './types.js';

const MAX_ENTRIES = 500;

export const listDir = defineTool({
  name: 'list_dir',
  description: 'List a directory of the repository: folders end with "/", symbolic links with "@". Use "." for the root.',
  level: 'read',
  schema: z.strictObject({ path: z.string().describe('repository-relative directory, "." for the root') }),
  async run({ path }, { policy, worktree }) {
    const dir = readablePath(policy, path, { root: true });
    const full = nodePath.join(worktree, dir);
    // A planted symlink must not turn list_dir into a way to look outside the worktree.
    const real = safeRealDir(full, worktree);
    if (!real) throw new ToolError(`${dir || '.'} is not a directory of the repository`);
    const entries = readdirSync(real, { withFileTypes: true })
      .filter((entry) => !(dir === '' && entry.name === '.git'))
      .map((entry) => {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (!decidePath(policy, rel, 'read').allowed) return undefined;
        return entry.isSymbolicLink() ? `${entry.name}@` : entry.isDirectory() ? `${entry.name}/` : entry.name;
      })
      .filter((entry): entry is string => entry !== undefined)
      .sort();
    const shown = entries.slice(0, MAX_ENTRIES);
    const more = entries.length > MAX_ENTRIES ? `\n… ${entries.length - MAX_ENTRIES} more` : '';
    return `${dir || '.'}/ (${entries.length} entries)\n${shown.join('\n')}${more}`;
  },
});

function safeRealDir(full: string, worktree: string): string | undefined {
  try {
    if (!lstatSync(full).isDirectory() && !lstatSync(full).isSymbolicLink()) return undefined;
    const real = realpathSync(full);
    const root = realpathSync(worktree);
    const rel = nodePath.relative(root, real);
    if (rel.startsWith('..') || nodePath.isAbsolute(rel)) return undefined;
    return lstatSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}
