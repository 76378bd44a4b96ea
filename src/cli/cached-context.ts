// Settings for commands that must start fast, with nothing heavier than the settings
// cache: no validating loader (zod, yaml) unless a file that feeds the settings changed.
import type { LoadedConfig } from '../config/load.js';
import { loadSettings } from '../config/settings-cache.js';

interface SettingsFlags {
  model?: string | undefined;
  /** Already checked against the list of modes by commander. */
  mode?: string | undefined;
}

/**
 * For commands that only read the tree (memory): the policy as configured, without the
 * in-tree `core.hooksPath` deny the writing commands add (withHooksPathDenied), which
 * guards writes and costs a git process (~16 ms of a ~200 ms re-index).
 */
export async function loadForReadingCached(options: SettingsFlags, repoRoot: string): Promise<LoadedConfig> {
  const { cached: _cached, ...loaded } = await loadSettings(repoRoot, { flags: { model: options.model, mode: options.mode } });
  return loaded;
}
