import path from 'node:path';
import { z } from 'zod';
import { MODES } from './modes.js';
import { TOOL_SETTINGS } from '../core/agent-tools/types.js';
import { deepPartial, fraction, nonEmptyString, nonNegativeInt, positiveInt } from './zod-helpers.js';

export { MODES };
export const Mode = z.enum(MODES, { error: `expected one of ${MODES.join(', ')}` });
export type Mode = z.infer<typeof Mode>;

export const PROVIDERS = ['ollama', 'openai-compatible'] as const;
export const Provider = z.enum(PROVIDERS, { error: `expected one of ${PROVIDERS.join(', ')}` });
export type Provider = z.infer<typeof Provider>;

const httpUrl = () =>
  z.string({ error: 'expected an http(s) URL such as http://127.0.0.1:8080/v1' }).refine(
    (value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: 'expected an http(s) URL such as http://127.0.0.1:8080/v1' },
  );

/** An environment variable's name: the key itself never goes in a file. */
const envName = () =>
  z.string({ error: 'expected an environment variable name such as VLLM_API_KEY' }).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
    error: 'expected an environment variable name such as VLLM_API_KEY (the name, not the key)',
  });

/** A further endpoint tried, in order, when the ones before it fail. */
export const FallbackEndpoint = z.strictObject({
  provider: Provider,
  base_url: httpUrl(),
  name: nonEmptyString(),
  api_key_env: envName().nullable().optional(),
});
export type FallbackEndpoint = z.infer<typeof FallbackEndpoint>;

export const ModelConfig = z.strictObject({
  provider: Provider,
  /** The server's base URL; null means `host` (Ollama). openai-compatible needs it, e.g. http://127.0.0.1:8080/v1. */
  base_url: httpUrl().nullable(),
  /** Names the environment variable holding the API key (never the key). User config only. */
  api_key_env: envName().nullable(),
  /**
   * openai-compatible only: the server takes `tools` (vLLM with a tool-call parser,
   * llama-server --jinja). Otherwise tools go through the plain-text protocol. Ollama
   * says for itself (/api/show capabilities).
   */
  tools_native: z.boolean({ error: 'expected true or false' }),
  /** More base URLs serving the same model, used round-robin with the first. */
  hosts: z.array(httpUrl()),
  /** Ordered endpoints tried when the primary (and its hosts) fail. */
  fallback: z.array(FallbackEndpoint),
  /** Chat model as the server names it. */
  name: nonEmptyString(),
  /** Model server; OLLAMA_HOST overrides. */
  host: nonEmptyString(),
  /** Sent on every request and never varied: a change makes Ollama reload the model. */
  num_ctx: positiveInt(),
  temperature: z.number({ error: 'expected a number' }).min(0, { error: 'expected a number >= 0' }),
  seed: z.number({ error: 'expected an integer or null' }).int({ error: 'expected an integer or null' }).nullable(),
  keep_alive: z.union([z.string(), z.number()], { error: 'expected a duration such as "30m" or a number of seconds' }),
  request_timeout_ms: positiveInt(),
  first_token_timeout_ms: positiveInt(),
  /** Retries after a 5xx or an unusable structured reply. */
  max_retries: nonNegativeInt(),
  /** Tokens kept free for the reply when checking the context budget. */
  reply_reserve_tokens: positiveInt(),
  embedding_model: nonEmptyString(),
});

export const AgentConfig = z.strictObject({
  mode: Mode,
  max_iterations: positiveInt(),
  max_reflections: nonNegativeInt(),
  edit_format: z.enum(['auto', 'diff', 'whole'], { error: 'expected one of auto, diff, whole' }),
  /** In auto mode, files up to this many lines are edited whole; `auto` picks by model size. */
  whole_file_max_lines: z.union([z.literal('auto'), positiveInt()], { error: 'expected auto or a positive integer' }),
  /** Tools the model may call while planning and editing: none, read-only ones, or also run_command (capped by the policy's max_tools). */
  tools: z.enum(TOOL_SETTINGS, { error: `expected one of ${TOOL_SETTINGS.join(', ')}` }),
  /** Tool calls per model step. */
  max_tool_calls: nonNegativeInt(),
  /** Share of the prompt budget kept for tool results in a step. */
  tool_context_share: fraction(),
});

export const TestConfig = z.strictObject({
  /** Shell-free command line; null means detect from the repo. */
  command: z.string({ error: 'expected a command line or null' }).nullable(),
  timeout_ms: positiveInt(),
  /** Bytes of failing output sent back to the model. */
  feedback_bytes: positiveInt(),
  /** Commands run once in the worktree, in the sandbox, before the first test run (codegen, a build). */
  setup: z.array(nonEmptyString()),
});

export const EnvConfig = z.strictObject({
  /** Extra git-ignored folders to share read-only with the worktree (globs, repo-relative). */
  share: z.array(nonEmptyString()),
  /** Folders never to share, even when detected (globs, repo-relative). */
  skip: z.array(nonEmptyString()),
});

export const LintConfig = z.strictObject({
  /** Commands to run; empty means detect the repo's own linters. */
  commands: z.array(z.string({ error: 'expected a command line' })),
  /** Whether `oryon gate` runs lint (the fix loop always does when the policy requires it). */
  in_gate: z.boolean({ error: 'expected true or false' }),
});

/** A path inside the home: relative, no `..`, not the home itself. */
const homeRelativePath = () =>
  z.string({ error: 'expected a path relative to the home, e.g. .config/mytool' }).refine(
    (value) => {
      const normalized = path.posix.normalize(value);
      return value !== '' && !path.posix.isAbsolute(value) && normalized !== '.' && normalized !== '..' && !normalized.startsWith('../');
    },
    { error: 'expected a path relative to the home, e.g. .config/mytool (not absolute, not the home, no ..)' },
  );

export const SandboxConfig = z.strictObject({
  isolation: z.enum(['required', 'best-effort'], { error: 'expected required or best-effort' }),
  /** Home-relative folders bound read-only into the sandbox's otherwise empty home. */
  home_allow: z.array(homeRelativePath()),
  /** When oryon runs as root: the unprivileged uid (and gid) sandboxed commands run as. */
  uid: z
    .number({ error: 'expected a uid' })
    .int({ error: 'expected a uid' })
    .min(1, { error: 'expected a uid other than 0' })
    .max(4294967294, { error: 'expected a uid' }),
});

export const SecurityConfig = z.strictObject({
  engines: z.array(z.enum(['ast-grep', 'semgrep'], { error: 'expected ast-grep or semgrep' })),
});

/**
 * Where Semgrep runs (its start-up costs about 1.7 s): `hook` in `oryon gate` including the
 * pre-commit path (--staged), `fix` in the fix loop, `always` in both. `oryon gate --all`
 * and `oryon gate PATH` run it whatever this says.
 */
export const GatesConfig = z.strictObject({
  semgrep: z.enum(['hook', 'fix', 'always'], { error: 'expected hook, fix or always' }),
});

export const MemoryConfig = z.strictObject({
  embedder: z.enum(['auto', 'ollama', 'offline'], { error: 'expected one of auto, ollama, offline' }),
  retrieve_chunks: positiveInt(),
  retrieve_lessons: nonNegativeInt(),
});

/** An MCP server's name: the prefix of its tools (`name.tool`), so no dots. */
const serverName = () => z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'expected a server name of letters, digits, _ and -' });

export const McpServerConfig = z.union(
  [
    z.strictObject({
      command: nonEmptyString(),
      args: z.array(z.string({ error: 'expected a string' })).default([]),
      env: z.record(z.string(), z.string({ error: 'expected a string' })).default({}),
      /** Start inside oryon's sandbox (read-only repo, no network unless the policy allows, scrubbed env). */
      sandbox: z.boolean({ error: 'expected true or false' }).default(true),
      /** Start-up (initialize + tools/list) and per-call limit. */
      timeout_ms: positiveInt().default(20_000),
    }),
    z.strictObject({
      url: z.url({ error: 'expected an http(s) URL' }),
      headers: z.record(z.string(), z.string()).default({}),
      timeout_ms: positiveInt().default(20_000),
    }),
  ],
  { error: 'expected { command, args?, env?, sandbox? } (stdio) or { url } (streamable HTTP)' },
);
export type McpServerConfig = z.infer<typeof McpServerConfig>;

export const McpConfig = z.strictObject({
  servers: z.record(serverName(), McpServerConfig),
  /** Tools the model may use, as `server.tool` or `server.*`; everything else is denied. */
  allow: z.array(nonEmptyString()),
});
export type McpConfig = z.infer<typeof McpConfig>;

export const GuardrailsConfig = z.strictObject({
  /** What is replaced by placeholders before text reaches a model. */
  redact: z.enum(['off', 'secrets', 'secrets+pii'], { error: 'expected one of off, secrets, secrets+pii' }),
  /** Which PII detectors run under secrets+pii. */
  pii: z.array(z.enum(['email', 'phone', 'iban', 'card', 'ip'], { error: 'expected email, phone, iban, card or ip' })),
});

export const Config = z.strictObject({
  model: ModelConfig,
  agent: AgentConfig,
  test: TestConfig,
  env: EnvConfig,
  lint: LintConfig,
  sandbox: SandboxConfig,
  security: SecurityConfig,
  gates: GatesConfig,
  memory: MemoryConfig,
  mcp: McpConfig,
  /** Plugins: npm package names or paths to local ESM files (relative to the file that lists them). */
  plugins: z.array(nonEmptyString()),
  guardrails: GuardrailsConfig,
});
export type Config = z.infer<typeof Config>;

/** What one layer file may hold: any subset of Config, unknown keys refused. */
export const ConfigLayer = deepPartial(Config);
