// `oryon hook` needs no config: it loads neither the config loader (zod, yaml) nor
// simple-git, so installing the hook costs little more than starting node.
import type { Command } from 'commander';
import { installHook, runningOryonBin, uninstallHook } from '../../core/hooks/install.js';
import { gitTopLevel } from '../../core/git/top-level.js';
import type { CommonOptions } from '../context.js';
import { out, printJson } from '../output.js';

export async function hookInstallCommand(options: CommonOptions & { force?: boolean }, command: Command): Promise<number> {
  const all = command.optsWithGlobals<CommonOptions & { force?: boolean }>();
  const repoRoot = gitTopLevel(all.repo ?? process.cwd());
  const result = await installHook({ repoRoot, force: Boolean(all.force ?? options.force), oryonBin: runningOryonBin() });
  if (all.json) {
    printJson(result);
  } else {
    const saved = result.savedAs
      ? result.action === 'chained'
        ? `; the existing hook now runs first (saved as ${result.savedAs})`
        : `; the previous hook was saved as ${result.savedAs}`
      : '';
    out(`pre-commit hook ${result.action}: ${result.hookPath}${saved}`);
  }
  return 0;
}

export async function hookUninstallCommand(_options: CommonOptions, command: Command): Promise<number> {
  const all = command.optsWithGlobals<CommonOptions>();
  const repoRoot = gitTopLevel(all.repo ?? process.cwd());
  const result = await uninstallHook({ repoRoot });
  if (all.json) {
    printJson(result);
  } else if (result.action === 'absent') {
    out(`no oryon pre-commit hook in ${result.hookPath}; nothing to do`);
  } else {
    out(
      result.action === 'restored'
        ? `pre-commit hook removed; restored the previous hook from ${result.restoredFrom}`
        : `pre-commit hook removed: ${result.hookPath}`,
    );
  }
  return 0;
}
