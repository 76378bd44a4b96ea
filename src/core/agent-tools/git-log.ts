import { z } from 'zod';
import { git } from '../git/exec.js';
import { defineTool } from './define.js';
import { readablePath } from './paths.js';

const MAX_COMMITS = 20;

export const gitLog = defineTool({
  name: 'git_log',
  description: 'Recent commits of the repository (or of one path): short hash, date, author, subject.',
  level: 'read',
  schema: z.strictObject({ path: z.string().min(1).optional().describe('only commits touching this path') }),
  async run({ path }, { policy, worktree, signal }) {
    const file = path === undefined ? undefined : readablePath(policy, path, { root: true });
    const args = ['log', `--max-count=${MAX_COMMITS}`, '--date=short', '--format=%h %ad %an: %s', '--no-color', ...(file ? ['--', file] : [])];
    const out = await git(args, { cwd: worktree, signal });
    return out.trim() || `no commits${file ? ` touch ${file}` : ''}`;
  },
});
