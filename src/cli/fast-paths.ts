// `oryon gate --staged`, exactly what the pre-commit hook runs on every `git commit`, without
// commander. With nothing staged it is answered from caches (staged-probe.ts; bin/oryon
// usually answers that case itself through the CommonJS copy). With staged changes the
// gate runs directly, since parsing those two words was all commander did for it (~15 ms:
// loading and building the program), and git reads the staged diff and ast-grep scans it
// before the rest of the gate loads (gate-early.ts). Either prints and
// exits exactly as the full CLI does (test/e2e/startup.test.ts compares them); any other
// arguments return undefined and the full CLI runs.
//
// `oryon memory index` (run after edits, often from an editor's save hook) takes the same
// shortcut: it needs a handful of flags, not commander (~17 ms).
//
// scripts/bundle-fast-paths.mjs bundles this module and what it imports into a few CommonJS
// files (dist/config/fast-paths.cjs and its chunks), which bin/oryon prefers: the ES module
// loader costs per module, and a re-index reaches ~60 of ours (~45 ms of ~220 as modules,
// perf/memory.perf.ts).
import { nothingStagedLine, probeStaged, type StagedProbe } from './staged-probe.js';

/**
 * What to print for `gate --staged`: the empty gate's line, or '' once the full gate ran
 * here (it printed and set the exit code itself); undefined for any other arguments.
 */
export async function answerGateFast(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  /** The probe bin/oryon already made (through the CommonJS copy), so it is not made twice. */
  probed?: { probe: StagedProbe | undefined },
): Promise<string | undefined> {
  if (args.length !== 2 || args[0] !== 'gate' || args[1] !== '--staged') return undefined;
  const probe = probed ? probed.probe : probeStaged(env);
  if (probe?.nothingStaged) return nothingStagedLine();
  // A real commit: git reads the staged diff, then ast-grep scans it on the other core
  // while the rest of the gate loads. git first: the early gate itself takes ~6 ms to load.
  const stagedDiff = probe ? (await import('../core/gates/changes.js')).startStagedDiff(probe.top) : undefined;
  const early = probe && stagedDiff ? await (await import('./gate-early.js')).startStagedGate(probe, stagedDiff) : undefined;
  const [{ runGate }, { guardProcess, reportError }] = await Promise.all([import('./commands/gate.js'), import('./report-error.js')]);
  guardProcess((error) => reportError(error, false));
  try {
    process.exitCode = await runGate([], { staged: true }, early);
  } catch (error) {
    process.exitCode = reportError(error, false);
  }
  return '';
}

/**
 * `memory index` with only `--full`, `--json`, `--debug` and `--repo <dir>`: run here, and
 * return '' (the command printed and set the exit code); undefined for anything else.
 */
export async function answerMemoryIndexFast(args: readonly string[]): Promise<string | undefined> {
  const options = memoryIndexOptions(args);
  if (!options) return undefined;
  const [{ memoryIndex }, { guardProcess, reportError }] = await Promise.all([import('./commands/memory.js'), import('./report-error.js')]);
  const debug = Boolean(options.debug);
  guardProcess((error) => reportError(error, debug));
  try {
    process.exitCode = await memoryIndex(options);
  } catch (error) {
    process.exitCode = reportError(error, debug);
  }
  return '';
}

interface MemoryIndexFlags {
  full?: true;
  json?: true;
  debug?: true;
  repo?: string;
}

/** The flags commander would have parsed for `memory index`, or undefined for any other arguments. */
export function memoryIndexOptions(args: readonly string[]): MemoryIndexFlags | undefined {
  if (args[0] !== 'memory' || args[1] !== 'index') return undefined;
  const options: MemoryIndexFlags = {};
  for (let i = 2; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--full') options.full = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--debug') options.debug = true;
    else if (arg.startsWith('--repo=') && arg.length > '--repo='.length) options.repo = arg.slice('--repo='.length);
    // Commander takes the next word as the value whatever it looks like; a missing one is its error to report.
    else if (arg === '--repo' && i + 1 < args.length) options.repo = args[++i]!;
    else return undefined;
  }
  return options;
}
