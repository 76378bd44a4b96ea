import { z } from 'zod';
import { defineTool } from './define.js';
import type { CodeHit, ToolContext } from './types.js';

const MAX_HITS = 8;
const EXCERPT_LINES = 12;

export const searchCode = defineTool({
  name: 'search_code',
  description: 'Find the code most related to a query (words, a symbol, a behaviour), across the repository. Answers path:start-end with an excerpt.',
  level: 'read',
  schema: z.strictObject({ query: z.string().min(1).describe('what to look for') }),
  async run({ query }, context) {
    let hits: CodeHit[] = [];
    let how = 'memory';
    if (context.searchCode) {
      // The memory is an aid: a missing or broken index falls back to the literal search.
      hits = await context.searchCode(query, context.signal).catch(() => []);
      hits = hits.filter((hit) => context.view.canRead(hit.path));
    }
    if (!hits.length) {
      hits = literalSearch(query, context);
      how = 'literal';
    }
    if (!hits.length) return `nothing found for "${query}"`;
    const shown = hits.slice(0, MAX_HITS).map((hit) => {
      const excerpt = hit.content.split('\n').slice(0, EXCERPT_LINES).join('\n');
      return `${hit.path}:${hit.startLine}-${hit.endLine}\n${excerpt}`;
    });
    return `${hits.length} result${hits.length === 1 ? '' : 's'} (${how} search)\n\n${shown.join('\n\n')}`;
  },
});

/** Case-insensitive: the whole query first, else its words; files with more hits first. */
export function literalSearch(query: string, { view }: Pick<ToolContext, 'view'>): CodeHit[] {
  const phrase = query.trim().toLowerCase();
  const words = [...new Set(phrase.split(/[^a-z0-9_$]+/).filter((word) => word.length > 2))];
  for (const needles of [[phrase], words]) {
    if (!needles.length) continue;
    const scored: Array<CodeHit & { score: number }> = [];
    for (const file of view.files) {
      const text = view.read(file);
      if (text === undefined) continue;
      const lower = text.toLowerCase();
      const score = needles.reduce((sum, needle) => sum + (lower.includes(needle) ? 1 : 0), 0);
      if (!score) continue;
      const lines = text.split('\n');
      const first = lines.findIndex((line) => needles.some((needle) => line.toLowerCase().includes(needle)));
      const startLine = Math.max(1, first + 1 - 2);
      const endLine = Math.min(lines.length, startLine + EXCERPT_LINES - 1);
      scored.push({ path: file, startLine, endLine, content: lines.slice(startLine - 1, endLine).join('\n'), score });
    }
    if (scored.length) return scored.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path)).map(({ score: _score, ...hit }) => hit);
  }
  return [];
}
