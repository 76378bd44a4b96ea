import { z } from 'zod';
import { git, GitError } from '../git/exec.js';
import { defineTool } from './define.js';
import { capText, readablePath } from './paths.js';
import { ToolError } from './types.js';

const MAX_CHARS = 24_000;
/** A revision as git spells one, never an option: no leading "-", no spaces. */
const REVISION = /^[A-Za-z0-9_][A-Za-z0-9_./~^@{}-]*$/;

export const gitShow = defineTool({
  name: 'git_show',
  description: 'A file as it was at a revision: "rev:path", e.g. "HEAD~3:src/parse.ts".',
  level: 'read',
  schema: z.strictObject({ spec: z.string().min(3).describe('revision:path') }),
  async run({ spec }, { policy, worktree, signal }) {
    const colon = spec.indexOf(':');
    const rev = colon > 0 ? spec.slice(0, colon) : '';
    if (!REVISION.test(rev) || rev.includes('..')) throw new ToolError(`expected "revision:path" (e.g. HEAD~1:src/app.ts), got ${JSON.stringify(spec)}`);
    // The policy's hidden paths stay hidden in history too.
    const file = readablePath(policy, spec.slice(colon + 1));
    try {
      const text = await git(['show', '--no-color', `${rev}:${file}`], { cwd: worktree, signal });
      if (text.includes('\0')) throw new ToolError(`${rev}:${file} is binary`);
      return capText(`${rev}:${file}\n${text}`, MAX_CHARS, 'read the current file with read_file and a line range');
    } catch (error) {
      if (error instanceof GitError) throw new ToolError(`git show ${rev}:${file}: ${error.stderr.trim().split('\n')[0] ?? 'failed'}`);
      throw error;
    }
  },
});
