import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, loadPolicy } from '../../src/config/load.js';
import { normalizeOllamaHost, oryonHome, userConfigPath } from '../../src/config/paths.js';
import { BadInputError, ExitCode } from '../../src/core/errors.js';

let home: string;
let repo: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'oryon-config-'));
  home = path.join(base, 'home');
  repo = path.join(base, 'repo');
  mkdirSync(path.join(repo, '.oryon'), { recursive: true });
  mkdirSync(home, { recursive: true });
  env = { HOME: home };
});

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function loadError(): BadInputError {
  try {
    loadConfig({ repoRoot: repo, env });
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return error as BadInputError;
  }
  throw new Error('expected loadConfig to fail');
}

describe('layering', () => {
  it('uses the packaged defaults when nothing else is set', () => {
    const { config, home: state } = loadConfig({ repoRoot: repo, env });
    expect(config.model).toMatchObject({ name: 'qwen2.5-coder:7b', num_ctx: 32768, temperature: 0, host: 'http://127.0.0.1:11434' });
    expect(config.agent.mode).toBe('operator');
    expect(state).toBe(path.join(home, '.local', 'share', 'oryon'));
  });

  it('applies defaults < user < project < environment < flags', () => {
    write(userConfigPath(env), 'model:\n  name: user-model\n  num_ctx: 8192\n  temperature: 0.5\nagent:\n  max_iterations: 7\n');
    write(path.join(repo, '.oryon/config.yaml'), 'model:\n  name: project-model\n  num_ctx: 16384\n');
    let { config } = loadConfig({ repoRoot: repo, env });
    expect(config.model).toMatchObject({ name: 'project-model', num_ctx: 16384, temperature: 0.5 });
    expect(config.agent.max_iterations).toBe(7);

    env.ORYON_MODEL = 'env-model';
    env.OLLAMA_HOST = '10.0.0.5:9999';
    ({ config } = loadConfig({ repoRoot: repo, env }));
    expect(config.model.name).toBe('env-model');
    expect(config.model.host).toBe('http://10.0.0.5:9999');

    ({ config } = loadConfig({ repoRoot: repo, env, flags: { model: 'flag-model', mode: 'advisor' } }));
    expect(config.model.name).toBe('flag-model');
    expect(config.agent.mode).toBe('advisor');
  });

  it('honours XDG and ORYON_HOME for state and user config', () => {
    expect(oryonHome({ HOME: home, XDG_DATA_HOME: '/data' })).toBe('/data/oryon');
    expect(oryonHome({ HOME: home, ORYON_HOME: '/state' })).toBe('/state');
    expect(userConfigPath({ HOME: home, XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/oryon/config.yaml');
    expect(loadConfig({ env: { ...env, ORYON_HOME: '/state' } }).home).toBe('/state');
  });

  it.each([
    ['127.0.0.1', 'http://127.0.0.1:11434'],
    ['0.0.0.0:11434', 'http://127.0.0.1:11434'],
    ['http://gpu-box:8080', 'http://gpu-box:8080'],
    ['https://ollama.example', 'https://ollama.example'],
    ['http://ollama.example', 'http://ollama.example'],
    ['gpu-box', 'http://gpu-box:11434'],
    ['gpu-box:80', 'http://gpu-box'],
    [':11500', 'http://127.0.0.1:11500'],
    ['http://[::1]:11434/', 'http://[::1]:11434'],
  ])('reads OLLAMA_HOST=%s as %s', (value, expected) => {
    expect(normalizeOllamaHost(value)).toBe(expected);
  });
});

describe('config errors name the file, line, column and key', () => {
  it('reports a wrong type at its position', () => {
    write(path.join(repo, '.oryon/config.yaml'), '# project settings\nmodel:\n  name: x\n  num_ctx: big\n');
    const error = loadError();
    expect(error.exitCode).toBe(ExitCode.badInput);
    expect(error.message).toMatch(/\.oryon\/config\.yaml:4:3 model\.num_ctx: expected a positive integer, got "big"$/);
  });

  it('reports an unknown key and suggests the intended one', () => {
    write(path.join(repo, '.oryon/config.yaml'), 'model:\n  name: x\n  num_cxt: 4096\n');
    expect(loadError().message).toMatch(/config\.yaml:3:3 model\.num_cxt: unknown key \(did you mean "num_ctx"\?\)$/);
  });

  it('reports an unknown top-level section', () => {
    write(path.join(repo, '.oryon/config.yaml'), 'modle:\n  name: x\n');
    expect(loadError().message).toMatch(/config\.yaml:1:1 modle: unknown key \(did you mean "model"\?\)$/);
  });

  it('reports invalid enum values with the choices', () => {
    write(path.join(repo, '.oryon/config.yaml'), 'agent:\n  edit_format: patch\n');
    expect(loadError().message).toMatch(/config\.yaml:2:3 agent\.edit_format: expected one of auto, diff, whole, got "patch"$/);
  });

  it('takes sandbox.home_allow from the user config only, as home-relative paths', () => {
    write(userConfigPath(env), 'sandbox:\n  home_allow: [.config/mytool, .local/share/tool]\n');
    expect(loadConfig({ repoRoot: repo, env }).config.sandbox.home_allow).toEqual(['.config/mytool', '.local/share/tool']);
    write(path.join(repo, '.oryon/config.yaml'), 'sandbox:\n  home_allow: [.ssh]\n');
    expect(loadError().message).toMatch(/sandbox\.home_allow can only be set in the user config/);
    write(path.join(repo, '.oryon/config.yaml'), 'model:\n  name: x\n');
    for (const bad of ['/etc', '../other', '.', 'a/../..']) {
      write(userConfigPath(env), `sandbox:\n  home_allow: [${JSON.stringify(bad)}]\n`);
      expect(loadError().message).toMatch(/sandbox\.home_allow\.0: expected a path relative to the home/);
    }
  });

  it('reports YAML syntax errors with their position', () => {
    write(path.join(repo, '.oryon/config.yaml'), 'model:\n  name: [unclosed\n');
    expect(loadError().message).toMatch(/config\.yaml:\d+:\d+ invalid YAML: /);
  });

  it('rejects a file that is not a mapping', () => {
    write(path.join(repo, '.oryon/config.yaml'), '- a\n- b\n');
    expect(loadError().message).toMatch(/config\.yaml:1:1 expected a mapping/);
  });

  it('treats an empty file as no settings', () => {
    write(path.join(repo, '.oryon/config.yaml'), '# nothing yet\n');
    expect(loadConfig({ repoRoot: repo, env }).config.model.num_ctx).toBe(32768);
  });

  it('names the user file too', () => {
    write(userConfigPath(env), 'model:\n  temperature: -1\n');
    expect(loadError().message).toMatch(/oryon\/config\.yaml:2:3 model\.temperature: expected a number >= 0, got -1$/);
  });

  it('rejects a malformed OLLAMA_HOST', () => {
    env.OLLAMA_HOST = 'http://[bad';
    expect(loadError().message).toMatch(/^OLLAMA_HOST: /);
    // The hint speaks of the variable, not of a file and line.
    expect(loadError().hint).toMatch(/^set OLLAMA_HOST to /);
  });
});

describe('policy files', () => {
  it('merges a project policy over the packaged one, replacing lists', () => {
    write(path.join(repo, '.oryon/policy.yaml'), 'max_mode: operator\ncommands:\n  allow: [python3]\n');
    const policy = loadPolicy(repo);
    expect(policy.max_mode).toBe('operator');
    expect(policy.commands.allow).toEqual(['python3']);
    expect(policy.paths.deny).toContain('.git/**');
  });

  it('reports policy errors with file, line and key', () => {
    write(path.join(repo, '.oryon/policy.yaml'), 'max_mode: operator\nlimits:\n  max_iterations: 0\n');
    expect(() => loadPolicy(repo)).toThrow(/policy\.yaml:3:3 limits\.max_iterations: expected a positive integer, got 0$/);
  });

  it('reads secrets.allow and names the file, line and key of a bad entry', () => {
    write(path.join(repo, '.oryon/policy.yaml'), 'secrets:\n  allow:\n    - { path: "tests/fixtures/**", rule: high-entropy-assignment, reason: seed data }\n');
    expect(loadPolicy(repo).secrets.allow).toEqual([{ path: 'tests/fixtures/**', rule: 'high-entropy-assignment', reason: 'seed data' }]);
    write(path.join(repo, '.oryon/policy.yaml'), 'secrets:\n  allow:\n    - { sha256: abc }\n');
    expect(() => loadPolicy(repo)).toThrow(/policy\.yaml:3:.* secrets\.allow\.0\.sha256: expected the sha256 of the value, 64 hex digits/);
    write(path.join(repo, '.oryon/policy.yaml'), 'secrets:\n  allow:\n    - { reason: no condition }\n');
    expect(() => loadPolicy(repo)).toThrow(/secrets\.allow\.0: an allow entry needs at least one of path, rule, sha256/);
  });

  it('rejects a forbidden pattern that is not a valid regex', () => {
    write(path.join(repo, '.oryon/policy.yaml'), "forbidden_patterns:\n  - id: x\n    pattern: '(unclosed'\n    message: m\n");
    expect(() => loadPolicy(repo)).toThrow(/policy\.yaml:3:5 forbidden_patterns\.0\.pattern: expected a valid regular expression/);
  });

  it('rejects bad autonomy keys, naming file, line and key', () => {
    write(path.join(repo, '.oryon/policy.yaml'), 'git:\n  push: maybe\n');
    expect(() => loadPolicy(repo)).toThrow(/policy\.yaml:2:3 git\.push: expected allow or deny/);
    write(path.join(repo, '.oryon/policy.yaml'), 'approvals:\n  merge: sometimes\n');
    expect(() => loadPolicy(repo)).toThrow(/policy\.yaml:2:3 approvals\.merge: expected never or ask/);
    write(path.join(repo, '.oryon/policy.yaml'), 'thresholds:\n  auto_merge_confidence: 1.5\n');
    expect(() => loadPolicy(repo)).toThrow(/policy\.yaml:2:3 thresholds\.auto_merge_confidence: /);
    write(path.join(repo, '.oryon/policy.yaml'), 'approvals:\n  deploy: ask\n');
    expect(() => loadPolicy(repo)).toThrow(/policy\.yaml:2:3 approvals\.deploy/);
  });

  it('rejects an unknown mode', () => {
    write(path.join(repo, '.oryon/policy.yaml'), 'max_mode: god\n');
    expect(() => loadPolicy(repo)).toThrow(/policy\.yaml:1:1 max_mode: expected one of advisor, operator, autopilot, sovereign, got "god"$/);
  });
});
