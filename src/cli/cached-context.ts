// Settings for commands that must start fast, with nothing heavier than the settings
// cache: no validating loader (zod, yaml) unless a file that feeds the settings changed.
import type { LoadedConfig } from '../config/load.js';
import { loadSettings } from '../config/settings-cache.js';
import { withHooksPathDenied } from '../core/git/hooks-path.js';

interface SettingsFlags {
  model?: string | undefined;
  /** Already checked against the list of modes by commander. */
  mode?: string | undefined;
}

export async function loadForRepoCached(options: SettingsFlags, repoRoot: string): Promise<LoadedConfig> {
  const { cached: _cached, ...loaded } = await loadSettings(repoRoot, { flags: { model: options.model, mode: options.mode } });
  return { ...loaded, policy: withHooksPathDenied(loaded.policy, repoRoot) };
}
