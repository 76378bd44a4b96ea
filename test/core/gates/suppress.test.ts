import { describe, expect, it } from 'vitest';
import { parseSuppression, ruleMatches, suppressionFor } from '../../../src/core/gates/suppress.js';

describe('parseSuppression', () => {
  it('reads hash and slash comments with a reason', () => {
    expect(parseSuppression('x = eval(s)  # oryon-ignore: py-eval-input input is a constant table')).toEqual({
      rule: 'py-eval-input',
      reason: 'input is a constant table',
    });
    expect(parseSuppression('// oryon-ignore: security/js-eval-input sandboxed REPL')).toEqual({ rule: 'security/js-eval-input', reason: 'sandboxed REPL' });
    expect(parseSuppression('/* oryon-ignore: jwt test vector from RFC 7519 */')).toEqual({ rule: 'jwt', reason: 'test vector from RFC 7519' });
  });

  it('reads any comment syntax', () => {
    const cases = [
      '-- oryon-ignore: jwt sample from the RFC',
      '<!-- oryon-ignore: jwt sample from the RFC -->',
      '; oryon-ignore: jwt sample from the RFC',
      '% oryon-ignore: jwt sample from the RFC',
      "' oryon-ignore: jwt sample from the RFC",
      'REM oryon-ignore: jwt sample from the RFC',
      '{- oryon-ignore: jwt sample from the RFC -}',
      '(* oryon-ignore: jwt sample from the RFC *)',
      ' * oryon-ignore: jwt sample from the RFC',
      '{/* oryon-ignore: jwt sample from the RFC */}',
    ];
    for (const line of cases) expect(parseSuppression(line), line).toEqual({ rule: 'jwt', reason: 'sample from the RFC' });
    expect(parseSuppression('<!-- oryon-ignore: secrets/* demo page -->')).toEqual({ rule: 'secrets/*', reason: 'demo page' });
  });

  it('keeps an empty reason so the caller can refuse it', () => {
    expect(parseSuppression('eval(x) # oryon-ignore: py-eval-input')).toEqual({ rule: 'py-eval-input', reason: '' });
  });

  it('ignores lines without the marker', () => {
    expect(parseSuppression('# noqa: E501')).toBeUndefined();
  });
});

describe('ruleMatches', () => {
  it('accepts the full id, the last segment, and gate-wide forms', () => {
    expect(ruleMatches('security/py-eval-input', 'security/py-eval-input')).toBe(true);
    expect(ruleMatches('py-eval-input', 'security/py-eval-input')).toBe(true);
    expect(ruleMatches('secrets/*', 'secrets/jwt')).toBe(true);
    expect(ruleMatches('secrets', 'secrets/jwt')).toBe(true);
    expect(ruleMatches('py-eval-input', 'security/py-shell-injection')).toBe(false);
    expect(ruleMatches('secrets/*', 'security/py-eval-input')).toBe(false);
  });
});

describe('suppressionFor', () => {
  const lines = [
    'import os',
    '# oryon-ignore: py-shell-injection the command is built from a fixed allowlist',
    'os.system(cmd)',
    'os.system(other)  # oryon-ignore: py-shell-injection',
    'eval(x)  // oryon-ignore: py-eval-input constant',
  ];

  it('applies a comment on the line above', () => {
    expect(suppressionFor(lines, 3, 'security/py-shell-injection')).toBe('the command is built from a fixed allowlist');
  });

  it('does not count a suppression without a reason', () => {
    expect(suppressionFor(lines, 4, 'security/py-shell-injection')).toBeUndefined();
  });

  it('applies a comment on the same line, only for the named rule', () => {
    expect(suppressionFor(lines, 5, 'security/py-eval-input')).toBe('constant');
    expect(suppressionFor(lines, 5, 'secrets/jwt')).toBeUndefined();
  });

  it('does not reach two lines up', () => {
    expect(suppressionFor(['# oryon-ignore: py-eval-input ok', '', 'eval(x)'], 3, 'security/py-eval-input')).toBeUndefined();
  });
});
