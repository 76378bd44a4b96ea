// The sandbox environment is an allowlist: only variables that tools need to find
// themselves and behave (paths, locale, toolchain homes) pass; a deny net then drops
// anything secret-looking that slipped through an allowed name or prefix.

const ALLOWED_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'FORCE_COLOR',
  'CI',
  'TZ',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  // Python: interpreter switches and environment managers, never index URLs (PIP_*).
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONDONTWRITEBYTECODE',
  'PYTHONHASHSEED',
  'PYTHONIOENCODING',
  'PYTHONUNBUFFERED',
  'PYTHONUTF8',
  'PYTHONWARNINGS',
  'PYTHONSAFEPATH',
  'PYENV_ROOT',
  'PYENV_VERSION',
  'VIRTUAL_ENV',
  'CONDA_PREFIX',
  'CONDA_DEFAULT_ENV',
  'UV_CACHE_DIR',
  // Node: NODE_OPTIONS is filtered (see nodeOptions); npm_config_* is left out (auth tokens live there).
  'NODE_ENV',
  'NODE_PATH',
  'NODE_OPTIONS',
  'NVM_DIR',
  'NVM_BIN',
  'COREPACK_HOME',
  'PNPM_HOME',
  // Go, Rust, JVM: toolchain and cache locations (not GOPROXY, which can carry credentials).
  'GOPATH',
  'GOROOT',
  'GOCACHE',
  'GOMODCACHE',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'CGO_ENABLED',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'RUSTUP_TOOLCHAIN',
  'RUSTFLAGS',
  'CARGO_TARGET_DIR',
  'JAVA_HOME',
  'GRADLE_USER_HOME',
]);

const ALLOWED_PREFIXES = ['LC_'];

/** Names that are never passed, whatever allowed them. */
const DENIED = [
  /TOKEN/i,
  /SECRET/i,
  /PASSW(OR)?D/i,
  /CREDENTIAL/i,
  /PRIVATE/i,
  /(^|_)(API_?)?KEY($|_)/i,
  /(^|_)AUTH(_|$)/i,
  /COOKIE/i,
  /SESSION/i,
  /^AWS_/i,
  /^GITHUB_/i,
  /^GH_/i,
  /^GITLAB_/i,
  /^OPENAI/i,
  /^ANTHROPIC/i,
  /^AZURE_/i,
  /^GOOGLE_/i,
  /^GCP_/i,
  /^HF_/i,
  /^HUGGING/i,
  /^SSH_/i,
  /^GPG_/i,
  /^DOCKER_/i,
  /^NPM_/i,
];

/** A value with credentials in a URL (scheme://user:password@host) is refused whatever its name. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

export function isDeniedName(name: string): boolean {
  return DENIED.some((pattern) => pattern.test(name));
}

function isAllowedName(name: string): boolean {
  return ALLOWED_NAMES.has(name) || ALLOWED_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/**
 * NODE_OPTIONS is the user's own setting (heap size, a loader a test suite needs), so it
 * passes, but without inspector flags: a debugger port opened for oryon itself must not
 * be re-opened by every node process in the sandbox.
 */
function nodeOptions(value: string): string {
  return value
    .split(/\s+/)
    .filter((flag) => flag !== '' && !/^--(inspect|debug)/.test(flag))
    .join(' ');
}

export interface ScrubbedEnv {
  env: Record<string, string>;
  /** Names that were present and left out (for the journal; values are never recorded). */
  dropped: string[];
}

/**
 * Reduce `source` to the allowlist, then add `extra` (caller-chosen, e.g. PYTHONPATH for a
 * test run) — extra variables pass the same deny net, so a secret cannot be smuggled in.
 */
export function scrubEnv(source: NodeJS.ProcessEnv, extra: Record<string, string> = {}): ScrubbedEnv {
  const env: Record<string, string> = {};
  const dropped: string[] = [];
  const consider = (name: string, value: string | undefined, fromCaller: boolean): void => {
    if (value === undefined) return;
    if ((!fromCaller && !isAllowedName(name)) || isDeniedName(name) || URL_WITH_PASSWORD.test(value)) {
      dropped.push(name);
      return;
    }
    env[name] = name === 'NODE_OPTIONS' ? nodeOptions(value) : value;
  };
  for (const [name, value] of Object.entries(source)) consider(name, value, false);
  for (const [name, value] of Object.entries(extra)) consider(name, value, true);
  if (env.NODE_OPTIONS === '') delete env.NODE_OPTIONS;
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  return { env, dropped: dropped.sort() };
}
