// Answers that need none of the CLI: no commander, no config, no schemas. `--version` and
// `--help` are asked for often, and `gate --staged` runs on every commit (as the
// pre-commit hook, most often with something staged, but also on `git commit` with
// nothing to commit). Each answer is exactly what the full CLI prints
// (test/e2e/startup.test.ts compares them); anything else returns undefined and the full
// CLI answers. ORYON_FULL_CLI=1 turns them off.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { settingsValidated } from '../core/gates/config-cache.js';
import { styleOut } from './output.js';

export function answerFast(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ORYON_FULL_CLI) return undefined;
  try {
    if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
      return `${(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version}\n`;
    }
    // Rendered by the real program at build time (scripts/write-help.mjs).
    if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) return readFileSync(new URL('help.txt', import.meta.url), 'utf8');
    if (args.length === 2 && args[0] === 'gate' && args[1] === '--staged' && nothingStaged(env)) {
      return `${styleOut.green('gate passed: 0 files, 0 findings (0 blocking, 0 suppressed)')}\n`;
    }
  } catch {
    // Not built yet, or an unusual install: the full CLI answers instead.
  }
  return undefined;
}

/**
 * True only when git says for certain that the index matches HEAD (exit 0) and the repo's
 * config and policy are the ones the full gate last validated (its settings cache is
 * current): an edited, possibly invalid, config goes through the full gate and its
 * errors. Outside a repo, with a broken git, or with any staged change (deletions
 * included) the full gate runs and says what it finds.
 */
function nothingStaged(env: NodeJS.ProcessEnv): boolean {
  const git = (args: string[]) => spawnSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  if (git(['diff', '--cached', '--quiet', '--no-ext-diff', '--ignore-submodules=none']).status !== 0) return false;
  const top = git(['rev-parse', '--show-toplevel']);
  return top.status === 0 && settingsValidated(top.stdout.trim(), env);
}
