// `oryon gate --staged`, exactly what the pre-commit hook runs on every `git commit`, without
// commander. With nothing staged it is answered from caches (staged-probe.ts; bin/oryon
// usually answers that case itself through the CommonJS copy). With staged changes the
// gate runs directly, since parsing those two words was all commander did for it (~15 ms:
// loading and building the program), and git starts reading the staged diff before the
// gate's modules load (they take ~60 ms, git ~15 ms on the other core). Either prints and
// exits exactly as the full CLI does (test/e2e/startup.test.ts compares them); any other
// arguments return undefined and the full CLI runs.
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
  // A real commit: git reads the staged diff on the other core while the gate loads.
  const early = probe ? { stagedDiff: (await import('../core/gates/changes.js')).startStagedDiff(probe.top), stagedKey: probe.key } : undefined;
  const [{ runGate }, { guardProcess, reportError }] = await Promise.all([import('./commands/gate.js'), import('./report-error.js')]);
  guardProcess((error) => reportError(error, false));
  try {
    process.exitCode = await runGate([], { staged: true }, early);
  } catch (error) {
    process.exitCode = reportError(error, false);
  }
  return '';
}
