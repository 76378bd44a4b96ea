import { describe, expect, it } from 'vitest';
import type { CheckedFile } from '../../../src/core/gates/changes.js';
import { maskValue, scanLine, scanSecrets, shannonEntropy } from '../../../src/core/gates/secrets.js';
import { sha256 } from '../../../src/core/gates/secrets/placeholder.js';
import { githubToken } from '../../helpers/secret-tokens.js';

// Tokens are assembled at run time so this file itself holds no secret-shaped literal
// (push protection and `oryon gate --all` on this repo stay quiet). Per-rule samples and
// the corpora are in test/core/gates/secrets/.
const join = (...parts: string[]) => parts.join('');
const RANDOM = 'q7Vx2LmP9sKd4Rt8WzYb3Nc6Hf1Jg5Ue0AoiTyQ8';
const GITHUB = githubToken();
const AWS_ID = join('AKIA', 'Z7QW3ERT5YUI2OPL');

const rules = (text: string) => scanLine(text).map((hit) => hit.rule);

const file = (path: string, text: string, added?: number[]): CheckedFile => {
  const lines = text.split('\n');
  return {
    path,
    content: text,
    wholeFile: added === undefined,
    removedCount: 0,
    added: (added ?? lines.map((_, index) => index + 1)).map((line) => ({ line, text: lines[line - 1]! })),
  };
};

describe('shape first: a provider token is found wherever it stands', () => {
  it.each([
    `VALUE = "${GITHUB}"`,
    `setProperty("X", "${GITHUB}")`,
    `headers.set("X-Upstream", "${GITHUB}")`,
    `var x string = "${GITHUB}"`,
    `X ?= ${GITHUB}`,
    `$x .= '${GITHUB}';`,
    `<value>${GITHUB}</value>`,
    `"{\\"v\\": \\"${GITHUB}\\"}"`,
    `curl -H "Authorization: Bearer ${GITHUB}" https://api.github.com/user`,
    `# old one: ${GITHUB}`,
  ])('%s', (text) => {
    expect(rules(text)).toEqual(['secrets/github-token']);
  });

  it('checks the CRC32 tail of GitHub tokens: a lookalike is not a GitHub token', () => {
    const lookalike = `${GITHUB.slice(0, -6)}${GITHUB.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    expect(rules(`VALUE = "${lookalike}"`)).not.toContain('secrets/github-token');
  });

  it('masks the value in the message: first 4 characters and the length', () => {
    const [hit] = scanLine(`t = "${GITHUB}"`);
    expect(hit!.message).toBe(`GitHub token (classic PAT, OAuth, user-to-server, server-to-server, refresh) (ghp_… (40 chars))`);
    expect(hit!.message).not.toContain(GITHUB.slice(4));
    expect(hit!.severity).toBe('critical');
    expect(maskValue('abcdefgh')).toBe('abcd… (8 chars)');
  });
});

describe('placeholders by shape, for every prefix', () => {
  it.each([
    join('ghp', '_', 'x'.repeat(36)),
    join('glpat', '-', 'X'.repeat(20)),
    join('xox', 'b-', 'xxx-xxx-xxx'),
    join('AKIA', 'X'.repeat(16)),
    join('sk', '_live_', 'x'.repeat(24)),
    join('hf', '_', 'x'.repeat(34)),
    join('AKIA', 'IOSFODNN7', 'EXAMPLE'),
    join('-----BEGIN ', 'RSA PRIVATE KEY-----\n...\n-----END ', 'RSA PRIVATE KEY-----'),
  ])('%s', (text) => {
    expect(rules(`VALUE = "${text}"`)).toEqual([]);
  });
});

describe('the generic rule needs a secret-like value', () => {
  it.each([
    `password = "${RANDOM.slice(0, 20)}"`,
    `const apiKey = '${RANDOM.slice(5, 30)}';`,
    `"client_secret": "${RANDOM.slice(0, 32)}"`,
    `DB_PASSWORD=${RANDOM.slice(3, 23)}`,
    `export SERVICE_TOKEN=${RANDOM.slice(0, 24)}`,
    `headers.set("X-Api-Key", "${RANDOM.slice(0, 20)}")`,
    `<password>${RANDOM.slice(0, 20)}</password>`,
  ])('finds %s', (text) => {
    expect(rules(text)).toEqual(['secrets/high-entropy-assignment']);
  });

  it.each([
    'password: "Password"',
    'PASSWORD = "password"',
    'API_KEY = "api_key"',
    'apiKey = "apiKey"',
    'LLM_SECRET_NAME = "NEXUS-GPT4-API-KEY"',
    'secret_length = X25519.secret_length',
    'access_token_url = "https://github.com/login/oauth/access_token"',
    "credentialsId: '6f1c2a9e-1b2c-4d3e-8f9a-0b1c2d3e4f5a'",
    'TokenFile="client-auth.cer"',
    'password_hint = "at least twelve characters"',
    'password = os.environ["DB_PASSWORD"]',
    'const apiKey = process.env.API_KEY;',
    'token = "${GITHUB_TOKEN}"',
    'api_key: ${{ secrets.API_KEY }}',
    'password = "{{ vault_password }}"',
    'password="test-password"',
    "password: 'foobar'",
    'api_version = "2024.05.01"',
    'token_count = 1234567890123',
    'integrity: "sha512-q7Vx2LmP9sKd4Rt8WzYb3Nc6Hf1Jg5Ue0AoiTyQ"',
  ])('stays quiet on %s', (text) => {
    expect(rules(text)).toEqual([]);
  });
});

describe('public samples are never reported', () => {
  it("the JWT standard's and jwt.io's sample tokens, AWS's example keys", () => {
    const jwtIo = join(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      '.',
      'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
      '.',
      'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    );
    expect(rules(`token: ${jwtIo}`)).toEqual([]);
    expect(rules(`aws_secret_access_key = ${join('wJalrXUtnFEMI/K7MDENG/bPxRfiCY', 'EXAMPLEKEY')}`)).toEqual([]);
  });
});

describe('shannonEntropy', () => {
  it('is 0 for one repeated character and log2(n) for n distinct ones', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});

describe('scanSecrets', () => {
  it('reports only added lines, with their line numbers, scanning the file once', () => {
    const findings = scanSecrets([file('src/app.py', `a\n\n\n\n\n\nTOKEN = "${GITHUB}"\nB = "${GITHUB}"\n`, [7])]);
    expect(findings).toEqual([
      { gate: 'secrets', rule: 'secrets/github-token', severity: 'critical', file: 'src/app.py', line: 7, message: expect.stringContaining('GitHub token') },
    ]);
  });

  it('skips binary files', () => {
    expect(scanSecrets([{ ...file('a.bin', GITHUB), content: undefined }])).toEqual([]);
  });

  it('lowers findings in docs, tests, fixtures, examples and docstrings, unless the value has a live provider shape', () => {
    const generic = `password = "${RANDOM.slice(0, 20)}"`;
    const severities = (path: string, text: string) => scanSecrets([file(path, text)]).map((finding) => finding.severity);
    expect(severities('src/app.py', generic)).toEqual(['high']);
    for (const path of [
      'docs/setup.md',
      'README.md',
      'tests/test_app.py',
      'src/app.test.ts',
      'test/fixtures/config.yaml',
      'examples/client.py',
      '.env.example',
      'apis/s3-2006-03-01.examples.json',
    ]) {
      expect(severities(path, generic), path).toEqual(['low']);
    }
    expect(severities('src/app.py', `def f():\n    """Call it like this:\n\n    ${generic}\n    """\n`)).toEqual(['low']);
    // A JSDoc/Javadoc comment is documentation too; a plain block comment is not.
    expect(severities('lib/auth.js', `/**\n * Example:\n * ${generic}\n */\nexport const f = 1;\n`)).toEqual(['low']);
    expect(severities('lib/auth.js', `/* ${generic} */\n`)).toEqual(['high']);
    // A live provider shape still blocks in a README.
    expect(severities('README.md', `key: ${AWS_ID}`)).toEqual(['critical']);
    expect(scanSecrets([file('docs/setup.md', generic)])[0]!.message).toContain('in documentation, so not blocking');
  });

  it('applies secrets.allow: by path, by rule, by the sha256 of the value; allowed findings stay listed as suppressed', () => {
    const text = `TOKEN = "${GITHUB}"\npassword = "${RANDOM.slice(0, 20)}"\n`;
    const scan = (allow: Parameters<typeof scanSecrets>[1]) =>
      scanSecrets([file('tests/fixtures/a.py', text)], allow).map((finding) => [finding.rule, finding.suppressed]);
    expect(scan({ allow: [{ path: 'tests/fixtures/**', reason: 'throwaway values' }] })).toEqual([
      ['secrets/github-token', 'secrets.allow (path tests/fixtures/**): throwaway values'],
      ['secrets/high-entropy-assignment', 'secrets.allow (path tests/fixtures/**): throwaway values'],
    ]);
    expect(scan({ allow: [{ path: 'tests/**', rule: 'secrets/high-entropy-assignment' }] }).map(([, suppressed]) => suppressed !== undefined)).toEqual([
      false,
      true,
    ]);
    expect(scan({ allow: [{ sha256: sha256(GITHUB) }] }).map(([, suppressed]) => suppressed !== undefined)).toEqual([true, false]);
    expect(scan({ allow: [{ path: 'src/**' }] }).map(([, suppressed]) => suppressed)).toEqual([undefined, undefined]);
  });
});
