import { describe, expect, it } from 'vitest';
import type { CheckedFile } from '../../../src/core/gates/changes.js';
import { scanLine, scanSecrets, shannonEntropy } from '../../../src/core/gates/secrets.js';

// Tokens are assembled at run time so this file itself holds no secret-shaped literal
// (push protection and `oryon gate --all` on this repo stay quiet).
const join = (...parts: string[]) => parts.join('');
const RANDOM = 'q7Vx2LmP9sKd4Rt8WzYb3Nc6Hf1Jg5Ue0AoiTyQ8';

const rules = (text: string) => scanLine(text).map((hit) => hit.rule);

describe('token formats', () => {
  const cases: Array<[string, string]> = [
    ['aws-access-key-id', `key = "${join('AKIA', 'Z7QWERTYUIOPASDF')}"`],
    ['aws-access-key-id', `AWS_ACCESS_KEY_ID=${join('ASIA', 'Q2W3E4R5T6Y7U8I9')}`],
    ['aws-secret-access-key', `aws_secret_access_key = ${RANDOM}`],
    ['github-token', `token: ${join('ghp', '_', RANDOM.slice(0, 36))}`],
    ['github-token', `const t = "${join('gho', '_', RANDOM.slice(0, 36))}"`],
    ['github-token', `${join('ghu', '_', RANDOM.slice(0, 36))}`],
    ['github-token', `${join('ghs', '_', RANDOM.slice(0, 36))}`],
    ['github-token', `${join('ghr', '_', RANDOM.slice(0, 36))}`],
    ['github-token', `GH=${join('github', '_pat_', '11ABCDEFG0', RANDOM.slice(0, 30))}`],
    ['gitlab-token', `${join('glpat', '-', 'xR4mT9pQ2wZ7vB1nK8sL')}`],
    ['slack-token', `slack = "${join('xox', 'b-', '1234567890-0987654321-', RANDOM.slice(0, 24))}"`],
    ['slack-token', `${join('xox', 'p-', '1234567890-', RANDOM.slice(0, 20))}`],
    ['slack-webhook', `url = "${join('https://hooks.slack', '.com/services/', 'T0ABCDEF1/B0ABCDEF2/', RANDOM.slice(0, 24))}"`],
    ['stripe-key', `STRIPE = "${join('sk', '_live_', RANDOM.slice(0, 24))}"`],
    ['stripe-key', `${join('rk', '_live_', RANDOM.slice(0, 24))}`],
    ['private-key', join('-----BEGIN ', 'RSA PRIVATE KEY-----')],
    ['private-key', join('-----BEGIN ', 'OPENSSH PRIVATE KEY-----')],
    ['private-key', join('-----BEGIN ', 'PRIVATE KEY-----')],
    ['jwt', `auth: ${join('eyJ', 'hbGciOiJIUzI1NiJ9', '.', 'eyJ', 'zdWIiOiIxMjM0NTY3ODkwIn0', '.', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')}`],
  ];
  for (const [rule, text] of cases) {
    it(`finds ${rule} in ${text.slice(0, 24)}…`, () => {
      expect(rules(text)).toContain(`secrets/${rule}`);
    });
  }

  it('masks the value in the message', () => {
    const token = join('ghp', '_', RANDOM.slice(0, 36));
    const [hit] = scanLine(`t = "${token}"`);
    expect(hit!.message).not.toContain(token);
    expect(hit!.severity).toBe('critical');
  });
});

describe('generic high-entropy assignments', () => {
  it.each([
    `password = "${RANDOM.slice(0, 20)}"`,
    `const apiKey = '${RANDOM.slice(5, 30)}';`,
    `"client_secret": "${RANDOM.slice(0, 32)}"`,
    `DB_PASSWORD=${RANDOM.slice(3, 23)}`,
    `export SERVICE_TOKEN=${RANDOM.slice(0, 24)}`,
    `auth_token: "${RANDOM.slice(0, 18)}"`,
    `  db_password: ${RANDOM.slice(2, 22)}`,
  ])('finds %s', (text) => {
    expect(rules(text)).toEqual(['secrets/high-entropy-assignment']);
  });

  it.each([
    'password = os.environ["DB_PASSWORD"]',
    'const apiKey = process.env.API_KEY;',
    'token = os.getenv("TOKEN")',
    'password = "changeme-please-now"',
    'api_key = "your-api-key-here"',
    'secret = "<insert-secret-here>"',
    'token = "${GITHUB_TOKEN}"',
    'password = "xxxxxxxxxxxxxxxxxxxx"',
    'password_hint = "at least twelve characters"',
    'token_count = 1234567890123',
    'secret_name = "database_password_secret"',
    'integrity: "sha512-q7Vx2LmP9sKd4Rt8WzYb3Nc6Hf1Jg5Ue0AoiTyQ"',
    'const tokenizer = new Tokenizer(options);',
    'SECRET_KEY=os.getenv(SECRET_KEY_NAME)',
    'api_key: ${{ secrets.API_KEY }}',
    '  password: !vault-encrypted-value-here',
    'access_key = settings.AWS_ACCESS_KEY_ID',
  ])('stays quiet on %s', (text) => {
    expect(rules(text)).toEqual([]);
  });
});

describe('documented example keys', () => {
  it("does not report AWS's published example credentials", () => {
    expect(rules(`aws_access_key_id = ${join('AKIA', 'IOSFODNN7', 'EXAMPLE')}`)).toEqual([]);
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
  const file = (added: Array<{ line: number; text: string }>, content = ''): CheckedFile => ({
    path: 'src/app.py',
    added,
    removedCount: 0,
    content,
    wholeFile: false,
  });

  it('reports only added lines, with their line numbers', () => {
    const token = join('ghp', '_', RANDOM.slice(0, 36));
    const findings = scanSecrets([file([{ line: 7, text: `TOKEN = "${token}"` }], `a\n\n\n\n\n\nTOKEN = "${token}"\nB = "${token}"\n`)]);
    expect(findings).toEqual([
      { gate: 'secrets', rule: 'secrets/github-token', severity: 'critical', file: 'src/app.py', line: 7, message: expect.stringContaining('GitHub token') },
    ]);
  });

  it('skips binary files', () => {
    const binary: CheckedFile = { ...file([{ line: 1, text: join('ghp', '_', RANDOM.slice(0, 36)) }]), content: undefined };
    expect(scanSecrets([binary])).toEqual([]);
  });
});
