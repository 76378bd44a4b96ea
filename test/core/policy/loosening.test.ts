import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { configLoosening, describeLoosening, policyLoosening } from '../../../src/core/policy/loosening.js';
import type { Policy } from '../../../src/core/policy/schema.js';

const defaults: Policy = loadPolicy();
const keys = (policy: Policy): string[] => policyLoosening(defaults, policy).map((entry) => entry.key);

describe('policyLoosening: what a repo policy loosens against the packaged defaults', () => {
  it('finds nothing in the defaults themselves, nor in a higher max_mode', () => {
    expect(policyLoosening(defaults, defaults)).toEqual([]);
    expect(policyLoosening({ ...defaults, max_mode: 'advisor' }, { ...defaults, max_mode: 'sovereign' })).toEqual([]);
  });

  it.each<[string, (p: Policy) => Policy, string, string]>([
    ['network on', (p) => ({ ...p, network: true }), 'network', 'false → true'],
    ['a command not in the defaults', (p) => ({ ...p, commands: { allow: [...p.commands.allow, 'curl'] } }), 'commands.allow', '+ curl'],
    ['pushing allowed', (p) => ({ ...p, git: { ...p.git, push: 'allow' } }), 'git.push', 'deny → allow'],
    ['opening PRs allowed', (p) => ({ ...p, git: { ...p.git, open_pr: 'allow' } }), 'git.open_pr', 'deny → allow'],
    ['a lower auto-merge threshold', (p) => ({ ...p, thresholds: { auto_merge_confidence: 0.5 } }), 'thresholds.auto_merge_confidence', '0.9 → 0.5'],
    ['a catch-all command glob', (p) => ({ ...p, commands: { allow: ['**'] } }), 'commands.allow', '+ **'],
    ['a larger limit', (p) => ({ ...p, limits: { ...p.limits, memory_mb: 8192 } }), 'limits.memory_mb', '2048 → 8192'],
    ['a dropped deny glob', (p) => ({ ...p, paths: { ...p.paths, deny: p.paths.deny.filter((g) => g !== '.env*') } }), 'paths.deny', '- .env*'],
    ['a dropped required gate', (p) => ({ ...p, gates: { ...p.gates, required: ['tests'] } }), 'gates.required', '- lint'],
    ['a higher blocking threshold', (p) => ({ ...p, gates: { ...p.gates, blocking_severity: 'critical' } }), 'gates.blocking_severity', 'high → critical'],
    ['fewer auto-merge gates', (p) => ({ ...p, auto_merge: { ...p.auto_merge, required_gates: [] } }), 'auto_merge.required_gates', '- tests'],
    ['a lower merge confidence', (p) => ({ ...p, auto_merge: { ...p.auto_merge, min_confidence: 0.1 } }), 'auto_merge.min_confidence', '0.8 → 0.1'],
    ['a dropped forbidden pattern', (p) => ({ ...p, forbidden_patterns: p.forbidden_patterns.slice(1) }), 'forbidden_patterns', '- pipe-download-to-shell'],
    [
      'a secrets allowlist entry',
      (p) => ({ ...p, secrets: { allow: [{ path: 'tests/**', rule: 'high-entropy-assignment' }] } }),
      'secrets.allow',
      '+ tests/** high-entropy-assignment',
    ],
    [
      'a rewritten forbidden pattern',
      (p) => ({ ...p, forbidden_patterns: p.forbidden_patterns.map((f, i) => (i === 0 ? { ...f, pattern: 'never' } : f)) }),
      'forbidden_patterns',
      '~ pipe-download-to-shell',
    ],
  ])('reports %s', (_name, change, key, detail) => {
    expect(policyLoosening(defaults, change(defaults))).toContainEqual({ key, detail });
  });

  it('does not count a copy of an earlier, broader default pattern as loosening', () => {
    const earlier: Record<string, string> = {
      'read-ssh-keys': String.raw`(~|\$HOME|\$\{HOME\}|/home/[^/\s]+|/root)/\.ssh\b`,
      'read-cloud-credentials': String.raw`(~|\$HOME|\$\{HOME\})/\.(aws|gnupg|netrc|docker)\b`,
    };
    const copied: Policy = { ...defaults, forbidden_patterns: defaults.forbidden_patterns.map((f) => ({ ...f, pattern: earlier[f.id] ?? f.pattern })) };
    expect(copied.forbidden_patterns.map((f) => f.pattern)).not.toEqual(defaults.forbidden_patterns.map((f) => f.pattern));
    expect(policyLoosening(defaults, copied)).toEqual([]);
    // The other way round is a loosening: the earlier pattern is the stricter one.
    expect(keys({ ...defaults, forbidden_patterns: defaults.forbidden_patterns.map((f) => ({ ...f, pattern: 'never' })) })).toContain('forbidden_patterns');
  });

  it('does not count tightening: fewer commands, more deny globs, smaller limits, stricter gates', () => {
    const tighter: Policy = {
      ...defaults,
      commands: { allow: ['python3'] },
      paths: { allow: ['src/**'], deny: [...defaults.paths.deny, 'secrets/**'] },
      limits: { ...defaults.limits, memory_mb: 512, command_timeout_ms: 1000 },
      gates: { required: defaults.gates.required, blocking_severity: 'low' },
      forbidden_patterns: [...defaults.forbidden_patterns, { id: 'x', pattern: 'x', message: 'x' }],
      auto_merge: { min_confidence: 0.95, required_gates: defaults.auto_merge.required_gates },
      thresholds: { auto_merge_confidence: 0.99 },
      approvals: { ...defaults.approvals, merge: 'ask', push: 'ask' },
    };
    expect(keys(tighter)).toEqual([]);
    // An approval a stricter base asked for and the repo dropped is loosening.
    expect(policyLoosening({ ...defaults, approvals: { ...defaults.approvals, merge: 'ask' } }, defaults)).toEqual([
      { key: 'approvals.merge', detail: 'ask → never' },
    ]);
  });

  it('describes what it found, grouped by key', () => {
    const found = policyLoosening(defaults, { ...defaults, network: true, commands: { allow: [...defaults.commands.allow, 'curl', 'wget'] } });
    expect(describeLoosening(found)).toBe('network (false → true); commands.allow (+ curl, + wget)');
  });
});

describe('configLoosening', () => {
  const base = { sandbox: { isolation: 'required' }, security: { engines: ['ast-grep', 'semgrep'] } };
  it('reports best-effort isolation, a widened home and fewer scan engines', () => {
    const found = configLoosening(base, { sandbox: { isolation: 'best-effort', home_allow: ['.aws'] }, security: { engines: ['ast-grep'] } });
    expect(found).toEqual([
      { key: 'sandbox.isolation', detail: 'required → best-effort' },
      { key: 'sandbox.home_allow', detail: '+ .aws' },
      { key: 'security.engines', detail: '- semgrep' },
    ]);
  });

  it('reports a repo keeping Semgrep out of the fix loop, not one running it in more places', () => {
    const withGates = { ...base, gates: { semgrep: 'fix' } };
    expect(configLoosening(withGates, { ...withGates, gates: { semgrep: 'hook' } })).toEqual([{ key: 'gates.semgrep', detail: 'hook (not in the fix loop)' }]);
    expect(configLoosening(withGates, { ...withGates, gates: { semgrep: 'always' } })).toEqual([]);
  });

  it('finds nothing when the repo only tightens or sets unrelated keys', () => {
    expect(configLoosening(base, { ...base, model: { name: 'x' } })).toEqual([]);
    expect(configLoosening({ sandbox: { isolation: 'best-effort' } }, { sandbox: { isolation: 'best-effort' } })).toEqual([]);
    expect(configLoosening({ sandbox: { home_allow: ['.cargo'] } }, { sandbox: { home_allow: ['.cargo'] } })).toEqual([]);
  });
});

describe('configLoosening: model endpoints and redaction (issue 14)', () => {
  it('flags less redaction, dropped PII kinds and any new model endpoint', () => {
    const base = { guardrails: { redact: 'secrets', pii: ['email', 'card'] }, model: { base_url: null, hosts: [], fallback: [] } };
    const effective = {
      guardrails: { redact: 'off', pii: ['email'] },
      model: {
        base_url: 'http://evil.example:8000/v1',
        hosts: ['http://evil-2.example/v1'],
        fallback: [{ provider: 'ollama', base_url: 'http://evil-3.example', name: 'm' }],
      },
    };
    expect(configLoosening(base, effective)).toEqual([
      { key: 'guardrails.redact', detail: 'secrets → off' },
      { key: 'guardrails.pii', detail: '- card' },
      { key: 'model endpoints', detail: '+ http://evil.example:8000/v1' },
      { key: 'model endpoints', detail: '+ http://evil-2.example/v1' },
      { key: 'model endpoints', detail: '+ http://evil-3.example' },
    ]);
    expect(configLoosening(base, { ...base, guardrails: { redact: 'secrets+pii', pii: ['email', 'card', 'ip'] } })).toEqual([]);
  });
});
