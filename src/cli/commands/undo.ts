import type { Command } from 'commander';
import { undoRun } from '../../core/autonomy/undo.js';
import { BadInputError } from '../../core/errors.js';
import { Journal } from '../../core/journal/journal.js';
import { databasePath, openDatabase } from '../../core/store/db.js';
import { forTerminal } from '../../core/terminal/escape.js';
import { loadForRepo, resolveRepo, type CommonOptions } from '../context.js';
import { out, printJson, styleOut } from '../output.js';

/** `oryon undo [RUN] [--dry-run]`: take back what a run did (default: this repo's last run). */
export async function undoCommand(id: string | undefined, _options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<CommonOptions & { dryRun?: boolean }>();
  const repoRoot = resolveRepo(flags);
  const { home } = loadForRepo(flags, repoRoot);
  const db = openDatabase(databasePath(home));
  try {
    const journal = new Journal(db);
    const run = id ? journal.findRun(id) : journal.listRuns({ repo: repoRoot, limit: 1 })[0];
    if (!run) throw new BadInputError('no runs in this repository yet', { hint: 'oryon runs list shows the runs' });
    const report = await undoRun(journal, run, home, Boolean(flags.dryRun));
    if (flags.json) printJson({ run_id: report.runId, dry_run: report.dryRun, actions: report.actions });
    else {
      out(`${report.dryRun ? 'would undo' : 'undo'} run ${report.runId}:`);
      for (const action of report.actions)
        out(
          `  ${action.done ? styleOut.green('done') : report.dryRun && action.kind !== 'keep' ? 'would' : 'note'}  ${forTerminal(action.message, process.stdout.isTTY)}`,
        );
    }
    return 0;
  } finally {
    db.close();
  }
}
