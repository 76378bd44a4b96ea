import { describe, expect, it } from 'vitest';
import { answerOrToolFormat, parseFallbackCalls } from '../../../src/core/agent-tools/fallback.js';

describe('plain-text tool calls (fallback)', () => {
  it('reads one JSON object per line, and a whole (pretty-printed or fenced) object', () => {
    expect(parseFallbackCalls('{"tool": "read_file", "arguments": {"path": "a.ts"}}\n{"tool":"grep","arguments":{"pattern":"x"}}')).toEqual([
      { name: 'read_file', arguments: { path: 'a.ts' } },
      { name: 'grep', arguments: { pattern: 'x' } },
    ]);
    expect(parseFallbackCalls('{\n  "tool": "list_dir",\n  "arguments": { "path": "." }\n}')).toEqual([{ name: 'list_dir', arguments: { path: '.' } }]);
    expect(parseFallbackCalls('```json\n{"tool": "list_dir", "arguments": {"path": "."}}\n```')).toHaveLength(1);
  });

  it('is strict: prose, extra keys, a plan, or an edit block are answers, not calls', () => {
    expect(parseFallbackCalls('Let me look: {"tool": "read_file", "arguments": {"path": "a"}}')).toBeUndefined();
    expect(parseFallbackCalls('{"tool": "read_file", "arguments": {"path": "a"}}\nthen I will edit')).toBeUndefined();
    expect(parseFallbackCalls('{"tool": "read_file", "arguments": {"path": "a"}, "why": "x"}')).toBeUndefined();
    expect(parseFallbackCalls('{"tool": "read_file", "arguments": "a.ts"}')).toBeUndefined();
    expect(parseFallbackCalls('{"summary": "fix", "steps": [], "files": [], "verify": "", "confidence": 1}')).toBeUndefined();
    expect(parseFallbackCalls('data.json\n```\n{"tool": "x", "arguments": {}}\n```')).toBeUndefined();
    expect(parseFallbackCalls('')).toBeUndefined();
  });

  it('widens an answer schema to admit a tool request', () => {
    const format = answerOrToolFormat({ $schema: 'x', type: 'object', properties: { summary: { type: 'string' } } }, [
      { name: 'read_file', description: '', parameters: {} },
    ]);
    expect(format).toMatchObject({
      type: 'object',
      anyOf: [{ type: 'object' }, { required: ['tool', 'arguments'], properties: { tool: { enum: ['read_file'] } } }],
    });
    expect(JSON.stringify(format)).not.toContain('$schema');
  });
});
