import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitThinking, ThinkFilter } from '../../../src/core/model/think-filter.js';

function streamed(chunks: string[]) {
  const filter = new ThinkFilter();
  let visible = '';
  for (const chunk of chunks) visible += filter.push(chunk);
  const { released, result } = filter.finish();
  return { visible: visible + released, result };
}

describe('ThinkFilter', () => {
  it('removes a think section and keeps its text', () => {
    expect(splitThinking('<think>reason</think>\n\nanswer')).toEqual({ content: 'answer', thinking: 'reason' });
  });

  it('handles tags split at every position', () => {
    const text = 'a<think>hidden</think>b';
    for (let cut = 1; cut < text.length; cut++) {
      const { visible, result } = streamed([text.slice(0, cut), text.slice(cut)]);
      expect(visible).toBe('ab');
      expect(result).toEqual({ content: 'ab', thinking: 'hidden' });
    }
  });

  it('releases a held-back partial tag that turns out to be text', () => {
    const { visible, result } = streamed(['if a <thi', 'ng> then']);
    expect(visible).toBe('if a <thing> then');
    expect(result.thinking).toBe('');
  });

  it('treats a stray closing tag as the end of reasoning opened by the template', () => {
    expect(splitThinking('I should edit x.</think>Done.')).toEqual({ content: 'Done.', thinking: 'I should edit x.' });
  });

  it('keeps an unterminated think section out of the content', () => {
    expect(splitThinking('<think>still thinking')).toEqual({ content: '', thinking: 'still thinking' });
  });

  it('gives the same result however the text is chunked', () => {
    const part = fc.constantFrom('<think>', '</think>', 'x', '<', 'th', 'ink>', ' ', '\n', 'ans');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 30 }), (parts, sizes) => {
        const text = parts.join('');
        const chunks: string[] = [];
        let at = 0;
        for (const size of sizes) {
          if (at >= text.length) break;
          chunks.push(text.slice(at, at + size));
          at += size;
        }
        if (at < text.length) chunks.push(text.slice(at));
        expect(streamed(chunks).result).toEqual(splitThinking(text));
      }),
    );
  });
});
