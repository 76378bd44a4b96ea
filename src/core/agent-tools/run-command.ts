import { z } from 'zod';
import { decideCommand } from '../policy/decide.js';
import { defineTool } from './define.js';
import { capText } from './paths.js';
import { ToolError } from './types.js';

/** Output the model gets back; the sandbox's own max_output_bytes caps what is read at all. */
export const COMMAND_OUTPUT_CHARS = 8000;

export const runCommand = defineTool({
  name: 'run_command',
  description:
    'Run a program (argv, no shell) in the sandbox, in a read-only checkout of the repository, with no network. Only programs the policy allows run. Answers the exit code and the output.',
  level: 'run',
  schema: z.strictObject({ argv: z.array(z.string()).min(1).describe('program and arguments, e.g. ["npm", "test", "--", "-t", "parse"]') }),
  async run({ argv }, context) {
    const decision = decideCommand(context.policy, argv);
    if (!decision.allowed) throw new ToolError(`refused by policy rule ${decision.rule}: ${decision.reason}`, decision);
    if (!context.sandbox) throw new ToolError('run_command is not available here (no sandbox)');
    // Read-only: what a command writes would otherwise slip into the change unseen by the edit engine and the gates.
    const result = await context.sandbox.run({
      argv,
      cwd: context.worktree,
      writable: false,
      timeoutMs: context.commandTimeoutMs,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    const status = result.timedOut ? 'timed out' : result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
    // The tail matters most (test summaries, the last error).
    const output =
      result.output.length > COMMAND_OUTPUT_CHARS
        ? `… (first ${result.output.length - COMMAND_OUTPUT_CHARS} characters cut)\n${result.output.slice(-COMMAND_OUTPUT_CHARS)}`
        : result.output;
    return capText(
      `$ ${argv.join(' ')}\n${status}${result.killedBy ? ` (${result.killedBy.rule}: ${result.killedBy.reason})` : ''}\n${output}`,
      COMMAND_OUTPUT_CHARS + 400,
    );
  },
});
