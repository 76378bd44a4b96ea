import { describe, expect, it } from 'vitest';
import { datasetRepo, git, writeFile } from '../../helpers/git-repo.js';
import { planReply, requestText, runScripted } from './fixture.js';

describe('runFix with model tools', () => {
  it('uses the plain-text fallback on a model without the tools capability, keeping structured output', async () => {
    const task = datasetRepo('py-fib');
    const { result, model, events, journal } = await runScripted(task.root, task.issue, [
      '{"tool": "read_file", "arguments": {"path": "fib.py", "start": 1, "end": 3}}',
      '{"tool": "nope", "arguments": {}}',
      planReply(['fib.py']),
      task.solution,
    ]);
    expect(result.status).toBe('succeeded');
    // No native tools offered; the plan's schema widened to admit a tool request.
    expect(model.requests.every((request) => request.tools === undefined)).toBe(true);
    expect(model.requests[0]!.format).toMatchObject({
      type: 'object',
      anyOf: [{ required: expect.arrayContaining(['summary']) }, { required: ['tool', 'arguments'] }],
    });
    expect(requestText(model, 0)).toContain('To call tools, reply with nothing but one JSON object per line');
    const second = model.requests[1]!.messages.at(-1)!;
    expect(second.role).toBe('user');
    expect(second.content).toMatch(/^Tool results:\n\n\[read_file \{"path":"fib.py","start":1,"end":3\}\]\nfib.py \(lines 1-3 of/);
    expect(model.requests[2]!.messages.at(-1)!.content).toMatch(/unknown tool "nope"/);
    expect(events.filter((e) => e.type === 'tool-call').map((e) => (e.type === 'tool-call' ? `${e.name}:${e.ok}` : ''))).toEqual([
      'read_file:true',
      'nope:false',
    ]);
    const steps = journal.steps(result.runId).map((s) => `${s.kind}:${s.outcome}`);
    expect(steps).toEqual(['environment:none', 'context:ok', 'tool:ok', 'tool:error', 'plan:ok', 'edit:applied', 'test:passed', 'commit:committed']);
  });

  it('stops offering tools after agent.max_tool_calls and asks for the answer', async () => {
    const task = datasetRepo('py-fib');
    const call = { toolCalls: [{ name: 'list_dir', arguments: { path: '.' } }], content: '' };
    const { result, model } = await runScripted(
      task.root,
      task.issue,
      [call, { ...call, toolCalls: [{ name: 'grep', arguments: { pattern: 'fib' } }] }, planReply(['fib.py']), task.solution],
      {
        modelInfo: { capabilities: ['completion', 'tools'] },
        configPatch: (config) => {
          config.agent.max_tool_calls = 2;
        },
      },
    );
    expect(result.status).toBe('succeeded');
    expect(model.requests[0]!.tools?.map((tool) => tool.name)).toContain('read_file');
    expect(model.requests[0]!.format).toBeUndefined();
    // After the second call the limit is reached: no tools, the plan schema back, and a nudge.
    expect(model.requests[2]!.tools).toBeUndefined();
    expect(model.requests[2]!.format).toMatchObject({ type: 'object', required: expect.arrayContaining(['summary']) });
    expect(model.requests[2]!.messages.at(-1)!.content).toMatch(/last tool call this step allows \(2\)/);
    expect(model.requests[2]!.messages.filter((m) => m.role === 'tool').map((m) => m.toolName)).toEqual(['list_dir', 'grep']);
  });

  it('offers nothing with agent.tools off, and the policy max_tools caps all to read', async () => {
    const task = datasetRepo('py-fib');
    const off = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], {
      modelInfo: { capabilities: ['tools'] },
      configPatch: (config) => {
        config.agent.tools = 'off';
      },
    });
    expect(off.model.requests.every((request) => request.tools === undefined)).toBe(true);
    expect(requestText(off.model, 0)).not.toContain('tools');

    const all = (config: { agent: { tools: string } }) => {
      config.agent.tools = 'all';
    };
    const open = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], { modelInfo: { capabilities: ['tools'] }, configPatch: all });
    expect(open.model.requests[0]!.tools?.map((tool) => tool.name)).toContain('run_command');

    writeFile(task.root, '.oryon/policy.yaml', 'max_tools: read\n');
    git(task.root, 'add', '-A');
    git(task.root, 'commit', '-q', '-m', 'tools read-only');
    const capped = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], {
      modelInfo: { capabilities: ['tools'] },
      configPatch: all,
    });
    expect(capped.model.requests[0]!.tools?.map((tool) => tool.name)).toEqual(['read_file', 'list_dir', 'search_code', 'grep', 'git_log', 'git_show']);
  });
});
