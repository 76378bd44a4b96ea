import { describe, expect, it } from 'vitest';
import { toOpenAIMessages, toOpenAITools, ToolCallAssembler } from '../../../../src/core/model/providers/openai-tools.js';

describe('tool calling in the OpenAI shape', () => {
  it('pairs each tool result with the call it answers, by a made-up id', () => {
    const messages = toOpenAIMessages([
      { role: 'user', content: 'fix it' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { name: 'grep', arguments: { pattern: 'rate' } },
          { name: 'read_file', arguments: { path: 'a.py' } },
        ],
      },
      { role: 'tool', toolName: 'read_file', content: 'x = 1' },
      { role: 'tool', toolName: 'grep', content: 'a.py:1' },
    ]);
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1_0', type: 'function', function: { name: 'grep', arguments: '{"pattern":"rate"}' } },
        { id: 'call_1_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.py"}' } },
      ],
    });
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_1_1', content: 'x = 1' });
    expect(messages[3]).toEqual({ role: 'tool', tool_call_id: 'call_1_0', content: 'a.py:1' });
  });

  it('offers tools as functions with their JSON schema', () => {
    const parameters = { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] };
    expect(toOpenAITools([{ name: 'read_file', description: 'read a file', parameters }])).toEqual([
      { type: 'function', function: { name: 'read_file', description: 'read a file', parameters } },
    ]);
  });

  it('puts streamed tool-call pieces back together, in index order', () => {
    const calls = new ToolCallAssembler();
    calls.push([{ index: 1, function: { name: 'read_file', arguments: '{"pa' } }]);
    calls.push([{ index: 0, function: { name: 'grep', arguments: '{"pattern":' } }]);
    calls.push([
      { index: 1, function: { arguments: 'th":"a.py"}' } },
      { index: 0, function: { arguments: '"x"}' } },
    ]);
    calls.push(undefined);
    expect(calls.calls()).toEqual([
      { name: 'grep', arguments: { pattern: 'x' } },
      { name: 'read_file', arguments: { path: 'a.py' } },
    ]);
  });

  it('keeps arguments that are not a JSON object visible to the tool layer, which refuses them', () => {
    const calls = new ToolCallAssembler();
    calls.push([{ index: 0, function: { name: 'grep', arguments: '{"pattern": ' } }]);
    expect(calls.calls()).toEqual([{ name: 'grep', arguments: { _unparsed: '{"pattern": ' } }]);
  });
});
