import type { Command } from 'commander';
import { OryonError } from '../core/errors.js';
import { buildProgram, CommanderError } from './program.js';

/** The CLI edge: the only place typed errors become messages and exit codes. */
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
  guardProcess(debug);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error, debug);
  }
}

/**
 * Failures outside the awaited command (a throw in a callback, a promise nobody awaited)
 * would otherwise crash with Node's stack trace; they end the same way as any other error.
 */
export function guardProcess(debug: boolean): void {
  const crash = (error: unknown): void => {
    process.exitCode = report(error, debug);
    process.exit();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

export function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed. Help shown
    // because a command is missing (`oryon`, `oryon hook`) carries a non-zero code.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
    return 2;
  }
  if (error instanceof OryonError) {
    const text = error.message.startsWith('oryon') ? error.message : `oryon: ${error.message}`;
    process.stderr.write(`${text}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`oryon: unexpected error: ${message}\n`);
  process.stderr.write(debug && error instanceof Error && error.stack ? `${error.stack}\n` : '  hint: run again with --debug for details\n');
  return 1;
}
