import { describe, expect, it } from 'vitest';
import { estimateMessagesTokens, estimateTokens, promptBudget, truncationWarning } from '../../../src/core/model/token-budget.js';

describe('token budget', () => {
  it('over-counts ASCII compared with a typical 4-chars-per-token tokenizer', () => {
    const code = 'function add(a, b) {\n  return a + b;\n}\n'.repeat(50);
    expect(estimateTokens(code)).toBeGreaterThan(code.length / 4);
    expect(estimateTokens('')).toBe(0);
  });

  it('counts each non-ASCII code point as at least one token', () => {
    expect(estimateTokens('日本語のテキスト')).toBe(8);
    expect(estimateTokens('🙂🙂')).toBe(2);
  });

  it('adds per-message overhead', () => {
    const one = estimateMessagesTokens([{ role: 'user', content: 'hi' }]);
    const two = estimateMessagesTokens([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hi' },
    ]);
    expect(two - one).toBeGreaterThan(estimateTokens('hi'));
  });

  it('keeps room for the reply and never goes negative', () => {
    expect(promptBudget(8192, 1024)).toBe(7168);
    expect(promptBudget(1000, 4096)).toBe(0);
  });

  it('warns on a full window or a count far below the estimate, and not otherwise', () => {
    expect(truncationWarning(8000, 3000, 8192)).toMatch(/filled the context window/);
    expect(truncationWarning(300, 5000, 8192)).toMatch(/likely dropped/);
    expect(truncationWarning(4000, 5000, 8192)).toBeUndefined();
    expect(truncationWarning(undefined, 5000, 8192)).toBeUndefined();
    expect(truncationWarning(0, 5000, 8192)).toBeUndefined();
    expect(truncationWarning(20, 200, 8192)).toBeUndefined();
  });
});
