import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { describeLoosening } from '../../core/policy/loosening.js';
import { readTrustStore, recordTrust, revokeTrust, TRUSTED_FILES } from '../../core/trust/store.js';
import { oryonHome } from '../../config/paths.js';
import { parseMode, resolveRepo, type CommonOptions } from '../context.js';
import { out, printJson, styleOut } from '../output.js';

interface TrustOptions extends CommonOptions {
  list?: boolean;
  revoke?: boolean;
}

/**
 * `oryon trust`: let this repo's .oryon/policy.yaml and .oryon/config.yaml loosen the
 * packaged defaults, for their current bytes only. `--list` shows trusted repos,
 * `--revoke` forgets this one.
 */
export async function trustCommand(_options: unknown, command: Command): Promise<number> {
  const options = command.optsWithGlobals<TrustOptions>();
  const home = oryonHome(process.env);
  if (options.list) {
    const repos = readTrustStore(home).repos;
    if (options.json) printJson({ repos });
    else if (repos.length === 0) out('no trusted repositories');
    else for (const entry of repos) out(`${entry.repo}  ${styleOut.dim(`trusted ${entry.trusted_at}`)}`);
    return 0;
  }
  const repo = resolveRepo(options);
  // Loading validates the files (exit 2 on a bad one) and says what they loosen.
  const loaded = loadConfig({ repoRoot: repo, flags: { model: options.model, mode: parseMode(options.mode) }, enforceTrust: false });
  const trust = loaded.trust!;
  if (options.revoke) {
    const revoked = revokeTrust(home, trust.repo);
    if (options.json) printJson({ repo: trust.repo, revoked });
    else out(revoked ? `revoked trust for ${trust.repo}` : `${trust.repo} was not trusted`);
    return 0;
  }
  const present = TRUSTED_FILES.filter((file) => trust.digests[file] !== null);
  if (present.length === 0) {
    if (options.json) printJson({ repo: trust.repo, trusted: false, files: {}, loosened: [] });
    else out(`nothing to trust: ${trust.repo} has no .oryon/policy.yaml or .oryon/config.yaml`);
    return 0;
  }
  const entry = recordTrust(home, trust.repo, trust.digests);
  if (options.json) {
    printJson({ repo: trust.repo, trusted: true, files: entry.files, loosened: trust.loosened });
  } else {
    out(`trusted ${trust.repo}`);
    for (const file of present) out(`  ${file}  sha256 ${trust.digests[file]!.slice(0, 16)}…`);
    out(trust.loosened.length ? `  loosens: ${describeLoosening(trust.loosened)}` : '  loosens nothing: the packaged defaults already allow all of it');
    out(styleOut.dim('  any change to these files needs oryon trust again'));
  }
  return 0;
}
