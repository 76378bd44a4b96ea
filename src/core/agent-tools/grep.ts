import { picomatch } from '../fs/glob.js';
import { z } from 'zod';
import { defineTool } from './define.js';
import { ToolError } from './types.js';

const MAX_MATCHES = 100;
/** Longer lines (minified code) are skipped: they flood the result and slow a bad regex. */
const MAX_LINE = 2000;
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;

export const grep = defineTool({
  name: 'grep',
  description:
    'Search the repository files for a regular expression (JavaScript syntax); optionally only files matching a glob such as "src/**/*.ts". Answers path:line: text.',
  level: 'read',
  schema: z.strictObject({
    pattern: z.string().min(1).describe('regular expression'),
    glob: z.string().min(1).optional().describe('only files matching this glob'),
  }),
  async run({ pattern, glob }, { view }) {
    // A nested quantifier such as (a+)+ can backtrack for minutes on one line, and the
    // search runs in oryon's own process: refuse it, the model can say it more plainly.
    if (NESTED_QUANTIFIER.test(pattern))
      throw new ToolError('refused: the pattern nests quantifiers (like (a+)+), which can take exponential time; use a simpler pattern');
    let regex: RegExp;
    try {
      regex = new RegExp(pattern);
    } catch (error) {
      throw new ToolError(`invalid regular expression: ${(error as Error).message}`);
    }
    const matches = glob ? picomatch(glob, { dot: true }) : undefined;
    const found: string[] = [];
    let total = 0;
    for (const file of view.files) {
      if (matches && !matches(file)) continue;
      const text = view.read(file);
      if (text === undefined) continue;
      const lines = text.split('\n');
      for (let index = 0; index < lines.length; index++) {
        const line = lines[index]!;
        if (line.length > MAX_LINE || !regex.test(line)) continue;
        total++;
        if (found.length < MAX_MATCHES) found.push(`${file}:${index + 1}: ${line.trim().slice(0, 200)}`);
      }
    }
    if (!total) return `no match for /${pattern}/${glob ? ` in ${glob}` : ''}`;
    return `${total} match${total === 1 ? '' : 'es'}${total > MAX_MATCHES ? ` (first ${MAX_MATCHES} shown)` : ''}\n${found.join('\n')}`;
  },
});
