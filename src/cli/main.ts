import type { Command } from 'commander';
import { buildProgram, CommanderError } from './program.js';
import { guardProcess, reportError } from './report-error.js';

/** The CLI edge: with report-error.ts, the only place typed errors become messages and exit codes. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram(argv);
  // Subcommands copy these settings only when created, so apply them to every one:
  // otherwise `oryon doctor --bad-flag` exits 1 through commander instead of 2.
  const override = (command: Command): void => {
    command.exitOverride();
    command.configureOutput({ writeErr: (text) => process.stderr.write(text) });
    command.commands.forEach(override);
  };
  override(program);
  const debug = argv.includes('--debug');
  guardProcess((error) => report(error, debug));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error, debug);
  }
}

export function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed. Help shown
    // because a command is missing (`oryon`, `oryon hook`) carries a non-zero code.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
    return 2;
  }
  return reportError(error, debug);
}
