import { z } from 'zod';
import { defineTool } from './define.js';
import { readablePath } from './paths.js';
import { ToolError } from './types.js';

/** Lines returned when no range is asked for: enough for most files, bounded for the rest. */
export const READ_DEFAULT_LINES = 400;

export const readFile = defineTool({
  name: 'read_file',
  description: 'Read a text file of the repository, with line numbers. Give start and end (1-based, inclusive) for part of a long file.',
  level: 'read',
  schema: z.strictObject({
    path: z.string().min(1).describe('repository-relative path'),
    start: z.number().int().min(1).optional().describe('first line (1-based)'),
    end: z.number().int().min(1).optional().describe('last line (inclusive)'),
  }),
  async run({ path, start, end }, { policy, view }) {
    const file = readablePath(policy, path);
    const text = view.read(file);
    if (text === undefined) {
      throw new ToolError(
        view.exists(file) ? `${file} is not readable as text (binary, too large, or a link that leaves the repository)` : `${file} does not exist`,
      );
    }
    const lines = text.split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const first = start ?? 1;
    const last = Math.min(end ?? first + READ_DEFAULT_LINES - 1, lines.length);
    if (first > lines.length) throw new ToolError(`${file} has ${lines.length} lines; start ${first} is past the end`);
    if (last < first) throw new ToolError(`end (${end}) is before start (${first})`);
    const width = String(last).length;
    const body = lines.slice(first - 1, last).map((line, index) => `${String(first + index).padStart(width)}| ${line}`);
    const more = last < lines.length ? `\n… lines ${last + 1}-${lines.length} not shown (call read_file with start and end)` : '';
    return `${file} (lines ${first}-${last} of ${lines.length})\n${body.join('\n')}${more}`;
  },
});
