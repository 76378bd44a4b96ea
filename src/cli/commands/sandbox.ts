import { constants } from 'node:os';
import type { Command } from 'commander';
import { BadInputError } from '../../core/errors.js';
import { createSandboxRunner } from '../../core/sandbox/create.js';
import type { SandboxResult } from '../../core/sandbox/types.js';
import { forTerminal } from '../../core/terminal/escape.js';
import { loadForRepo, resolveRepo, type CommonOptions } from '../context.js';
import { printJson, progress, styleErr } from '../output.js';

/**
 * `oryon sandbox [--repo DIR] [--json] [--write] -- CMD [ARG...]`: run CMD at the repo's
 * top level in exactly the sandbox tests and lint use. The checkout is read-only, as for
 * lint, unless --write (as for test runs). Exits with the command's own status (128+N
 * when it died by signal N, as shells report it); 4 when the policy refuses it.
 */
export async function sandboxCommand(argv: string[], _options: unknown, command: Command): Promise<number> {
  const options = command.optsWithGlobals<CommonOptions & { write?: boolean }>();
  if (argv.length === 0) throw new BadInputError('oryon sandbox: no command given', { hint: 'oryon sandbox -- CMD [ARG...]' });
  const repo = resolveRepo(options);
  const { config, policy } = loadForRepo(options, repo);
  const runner = createSandboxRunner({ policy, config });
  if (runner.isolation === 'none') {
    progress(styleErr.yellow('oryon: bubblewrap is not usable; running with best-effort isolation (scrubbed environment, limits and timeout only)'));
  }

  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let result: SandboxResult;
  try {
    result = await runner.run({ argv, cwd: repo, signal: controller.signal, writable: options.write === true });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }

  if (options.json) {
    printJson(result);
  } else {
    // On a terminal the command's control sequences are shown, not obeyed; pipes get the bytes.
    process.stdout.write(forTerminal(result.stdout, process.stdout.isTTY));
    process.stderr.write(forTerminal(result.stderr, process.stderr.isTTY));
    if (result.outputTruncated) progress(styleErr.yellow(`oryon: output truncated: only its first and last bytes were kept (limits.max_output_bytes)`));
    if (result.killedBy) progress(styleErr.red(`oryon: ${result.killedBy.reason} (${result.killedBy.rule})`));
  }
  return exitStatus(result);
}

export function exitStatus(result: SandboxResult): number {
  if (result.exitCode !== null) return result.exitCode;
  const number = result.signal ? constants.signals[result.signal as NodeJS.Signals] : undefined;
  return 128 + (number ?? constants.signals.SIGKILL);
}
