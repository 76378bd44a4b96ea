import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { applyEditText, describeChanges, type ApplyResult, type BlockResult, type PathGuard } from '../../core/edit/index.js';
import { BadInputError, NotDoneError, PolicyDeniedError } from '../../core/errors.js';
import { decidePath } from '../../core/policy/decide.js';
import { loadForRepo, resolveRepo, type CommonOptions } from '../context.js';
import { out, printJson, progress, styleOut } from '../output.js';

// `oryon apply [FILE|-]`: model output from a file or stdin onto the working tree,
// all blocks or none. Exit 0 applied, 1 a block failed, 2 bad input, 4 policy refused.

interface ApplyFlags extends CommonOptions {
  dryRun?: boolean;
}

export async function applyCommand(file: string | undefined, _options: unknown, command: Command): Promise<number> {
  const options = command.optsWithGlobals<ApplyFlags>();
  const repo = resolveRepo(options);
  const text = await readInput(file ?? '-');
  const { policy } = loadForRepo(options, repo);
  const denials: Array<{ rule: string; reason: string }> = [];
  const pathGuard: PathGuard = (rel) => {
    const decision = decidePath(policy, rel, 'write');
    if (decision.allowed) return { allowed: true };
    denials.push({ rule: decision.rule, reason: decision.reason });
    return { allowed: false, rule: decision.rule, reason: decision.reason };
  };

  const result = await applyEditText(repo, text, { dryRun: options.dryRun === true, pathGuard });
  if (result.blocks.length === 0 && result.parseErrors.length === 0) {
    throw new BadInputError('no edit blocks found in the input', {
      hint: 'each block is the file path alone on a line, then <<<<<<< SEARCH, =======, >>>>>>> REPLACE',
    });
  }

  if (options.json) printJson(toJson(result, options.dryRun === true));
  else printHuman(result, options.dryRun === true);

  if (result.denied) {
    const first = denials[0]!;
    throw new PolicyDeniedError(`edit refused by policy rule ${first.rule}: ${first.reason}; nothing was changed`, first.rule);
  }
  if (!result.ok) {
    const failed = result.blocks.filter((b) => b.status === 'failed').length + result.parseErrors.length;
    const total = result.blocks.length + result.parseErrors.length;
    throw new NotDoneError(`${failed} of ${total} edit block${total === 1 ? '' : 's'} failed; nothing was changed`);
  }
  return 0;
}

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    if (process.stdin.isTTY) progress('reading edit blocks from stdin (end with Ctrl-D)');
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(code ?? error);
    throw new BadInputError(`cannot read ${file}: ${why}`, { hint: 'pass a file holding model output, or - to read stdin' });
  }
}

function toJson(result: ApplyResult, dryRun: boolean): Record<string, unknown> {
  const { stats } = describeChanges(result.ok ? result.changes : []);
  return {
    ok: result.ok,
    blocks: result.blocks,
    parse_errors: result.parseErrors,
    files_changed: stats.map((s) => ({ path: s.path, created: s.created, insertions: s.added, deletions: s.removed })),
    // What to send back to the model when a block failed ('' when everything applied).
    feedback: result.feedback,
    ...(dryRun ? { diff: result.ok ? result.diff : '' } : {}),
  };
}

function statusWord(block: BlockResult, written: boolean): string {
  switch (block.status) {
    case 'applied':
      return written ? 'applied' : 'would apply';
    case 'created':
      return written ? 'created' : 'would create';
    case 'already-applied':
      return 'already applied';
    default:
      return block.status;
  }
}

function printHuman(result: ApplyResult, dryRun: boolean): void {
  const written = result.ok && !dryRun;
  const rows = [
    ...result.blocks.map((b) => ({ index: b.index, text: blockLine(b, written) })),
    ...result.parseErrors.map((e) => ({
      index: e.index,
      text: `${styleOut.red('✗')} block ${e.index} (line ${e.line}): malformed: ${e.message}`,
    })),
  ].sort((a, b) => a.index - b.index);
  for (const row of rows) out(row.text);

  if (!result.ok) {
    out(styleOut.dim('nothing was changed'));
    return;
  }
  if (dryRun && result.diff) {
    out();
    process.stdout.write(result.diff);
  }
  if (result.diffstat) {
    out();
    out(result.diffstat);
  }
  if (dryRun) out(styleOut.dim('dry run: nothing was written'));
}

function blockLine(block: BlockResult, written: boolean): string {
  const bad = block.status === 'failed' || block.status === 'denied';
  const mark = bad ? styleOut.red('✗') : styleOut.green('✓');
  const how = block.tolerance ? ` (${block.tolerance})` : '';
  const head = `${mark} block ${block.index} ${block.path}: ${statusWord(block, written)}${how}`;
  if (!block.message) return head;
  // A note on a block that applied (the path it was taken to mean) is shown dimmed.
  const body = block.message.replace(/^/gm, '    ');
  return `${head}\n${bad ? body : styleOut.dim(body)}`;
}
