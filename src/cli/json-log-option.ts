// `--log-format json` / ORYON_LOG_FORMAT=json, `--log-file`, ORYON_LOG: the structured log
// of run events, for `oryon fix` and the change turns of `oryon chat`.
import { closeSync, openSync, writeSync } from 'node:fs';
import { BadInputError } from '../core/errors.js';
import { JsonEventLog, LOG_LEVELS, type LogLevel } from '../core/observability/json-log.js';

export interface LogFlags {
  logFormat?: string;
  logFile?: string;
}

/**
 * The JSON event log the flags and environment ask for, or undefined for human progress.
 * `screen`: the terminal is a full-screen session, so lines go only to a --log-file.
 */
export function openJsonLog(
  flags: LogFlags,
  model: { provider: string; name: string },
  redact: (text: string) => string,
  options: { screen?: boolean } = {},
): { log: JsonEventLog; close(): void } | undefined {
  const format = flags.logFormat ?? process.env.ORYON_LOG_FORMAT ?? 'human';
  if (format !== 'human' && format !== 'json') throw new BadInputError(`--log-format: expected human or json, got "${format}"`);
  if (format === 'human') return undefined;
  const level = process.env.ORYON_LOG ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new BadInputError(`ORYON_LOG: expected one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  if (options.screen && !flags.logFile) {
    throw new BadInputError('--log-format json in the interactive session needs --log-file FILE: the terminal shows the session', {
      hint: 'oryon chat --log-format json --log-file oryon.log (or pipe the session: line mode logs to stderr)',
    });
  }
  const fd = flags.logFile ? openSync(flags.logFile, 'a', 0o600) : undefined;
  const write = fd === undefined ? (line: string) => void process.stderr.write(line) : (line: string) => writeSync(fd, line);
  const log = new JsonEventLog(write, { level: level as LogLevel, provider: model.provider, model: model.name, redact });
  return { log, close: () => (fd === undefined ? undefined : closeSync(fd)) };
}
