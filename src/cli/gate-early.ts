// The pre-commit gate's first steps, taken before the rest of it loads: git reads the
// staged diff, the cached settings are read, and as soon as the diff is in, the security
// scan (ast-grep, its own process) starts on it. The gate command and the secrets rules
// load while ast-grep runs, and runGate joins it (commands/gate.ts). Before, ast-grep
// started only once those had loaded, ~10 ms later (docs/performance.md, "stop 25").
import { loadSettings } from '../config/settings-cache.js';
import type { EarlyStagedDiff } from '../core/gates/changes.js';
import { startGates } from '../core/gates/run-gates.js';
import type { EarlyStagedGate } from './commands/gate.js';
import { abortOnSignals } from './interrupt.js';
import type { StagedProbe } from './staged-probe.js';

/**
 * Start `gate --staged` for the repo the probe found, on the staged diff git is reading.
 * A failure here (settings that do not validate, say) starts nothing more: runGate meets
 * it again and reports it as usual.
 */
export async function startStagedGate(probe: StagedProbe, stagedDiff: EarlyStagedDiff): Promise<EarlyStagedGate> {
  const early: EarlyStagedGate = { stagedDiff, stagedKey: probe.key };
  let settings: Awaited<ReturnType<typeof loadSettings>>;
  try {
    // The flags runGate passes for a bare `gate --staged`: the same cache entry.
    settings = await loadSettings(probe.top, { flags: {} });
  } catch {
    return early;
  }
  const interrupt = abortOnSignals();
  const started = startGates({
    repoRoot: probe.top,
    target: { kind: 'staged' },
    config: settings.config,
    policy: settings.policy,
    signal: interrupt.signal,
    earlyStagedDiff: stagedDiff,
  });
  // Waited for here, while nothing else has loaded: the event loop is free to see git end
  // and start ast-grep at once. A failure is runGate's to report.
  await started.catch(() => {});
  return { ...early, settings, interrupt, started };
}
