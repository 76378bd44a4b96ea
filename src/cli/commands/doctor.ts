import type { Command } from 'commander';
import { runDoctor } from '../../core/doctor/run-doctor.js';
import type { DoctorCheck } from '../../core/doctor/types.js';
import { parseMode, type CommonOptions } from '../context.js';
import { out, printJson, styleOut } from '../output.js';

/** `oryon doctor`: exit 0 when every required check passes, else 1. */
export async function doctorCommand(_options: unknown, command: Command): Promise<number> {
  const options = command.optsWithGlobals<CommonOptions>();
  const report = await runDoctor({
    repo: options.repo,
    cwd: process.cwd(),
    env: process.env,
    flags: { model: options.model, mode: parseMode(options.mode) },
  });
  if (options.json) {
    printJson(report);
  } else {
    const width = Math.max(...report.checks.map((check) => check.name.length)) + 2;
    for (const check of report.checks) printCheck(check, width);
    const failed = report.checks.filter((check) => !check.ok && check.required).length;
    out();
    out(failed === 0 ? styleOut.green('all required checks passed') : styleOut.red(`${failed} required check${failed === 1 ? '' : 's'} failed`));
  }
  return report.ok ? 0 : 1;
}

function printCheck(check: DoctorCheck, width: number): void {
  const mark = check.ok ? styleOut.green('✓') : check.required ? styleOut.red('✗') : styleOut.yellow('!');
  out(`${mark} ${check.name.padEnd(width)}${check.detail}`);
  if (!check.ok && check.fix) out(`  ${' '.repeat(width)}${styleOut.dim(`fix: ${check.fix}`)}`);
}
