import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTests } from '../../../src/core/agent/test-run.js';
import { maskSecrets } from '../../../src/core/gates/secrets.js';
import { runLint } from '../../../src/core/gates/lint.js';
import type { SandboxRequest, SandboxResult, SandboxRunner } from '../../../src/core/sandbox/types.js';

const KEY_BODY = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW';
const KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\nQyNTUxOQAAACDk3mXl0Q\n-----END OPENSSH PRIVATE KEY-----`;
const GITHUB = `ghp_${'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6'}`;
// Assembled at run time: no key-shaped literal in the repository.
const AWS_ID = ['AKIA', 'Z7QW3ERT5YUI2OPL'].join('');

describe('maskSecrets', () => {
  it('masks a whole private key block, token formats and high-entropy assignments in place', () => {
    const output = [
      'FAIL test_leak.py::test_read',
      KEY,
      `token=${GITHUB} used`,
      `aws ${AWS_ID}`,
      'DB_PASSWORD=Zx8qR2vL9mN4wT7k',
      'AssertionError: 1 != 2',
    ].join('\n');
    const masked = maskSecrets(output);
    expect(masked).not.toContain(KEY_BODY);
    expect(masked).not.toContain('QyNTUxOQ');
    expect(masked).not.toContain(GITHUB);
    expect(masked).not.toContain(AWS_ID);
    expect(masked).not.toContain('Zx8qR2vL9mN4wT7k');
    expect(masked).toContain('[secret masked: private-key]');
    expect(masked).toContain('[secret masked: github-token]');
    expect(masked).toContain('DB_PASSWORD=[secret masked: high-entropy-assignment]');
    expect(masked).toContain('FAIL test_leak.py::test_read');
    expect(masked).toContain('AssertionError: 1 != 2');
  });

  it('masks a key cut off by the output cap, to the end', () => {
    expect(maskSecrets(`before\n-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}`)).toBe('before\n[secret masked: private-key]');
  });

  it('masks loosely: a lookalike without a valid checksum, a URL password, an Authorization header', () => {
    const lookalike = ['ghp', '_', 'aB3dE6gH9j'.repeat(3), 'kL2mN5'].join('');
    const url = ['postgres://app:', 'Zx8qR2vL9mN4wT7kQ', '@db:5432/app'].join('');
    const masked = maskSecrets(`token ${lookalike}\nDATABASE_URL=${url}\nAuthorization: Bearer ${'Zx8qR2vL9mN4wT7kQp3s'}`);
    expect(masked).toBe(
      'token [secret masked: github-token]\nDATABASE_URL=postgres://app:[secret masked: url-credentials]@db:5432/app\nAuthorization: Bearer [secret masked: authorization-header]',
    );
  });

  it('leaves ordinary output and published examples alone', () => {
    const plain = 'Ran 3 tests in 0.01s\n\nFAILED (failures=1)\nkey = AKIAIOSFODNN7EXAMPLE\npassword = "changeme-please"';
    expect(maskSecrets(plain)).toBe(plain);
  });
});

function fakeRunner(output: string): SandboxRunner {
  return {
    isolation: 'bwrap',
    async run(request: SandboxRequest): Promise<SandboxResult> {
      return {
        argv: request.argv,
        exitCode: 1,
        signal: null,
        output,
        stdout: output,
        stderr: '',
        timedOut: false,
        outputTruncated: false,
        isolation: 'bwrap',
        durationMs: 1,
      };
    },
  };
}

describe('test and lint output is masked before it reaches a prompt or the journal', () => {
  it('runTests: the tail the model and the journal get has no key', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'oryon-mask-'));
    const outcome = await runTests(fakeRunner(`cat ~/.ssh/id_rsa\n${KEY}\nFAILED`), ['pytest'], cwd, { timeoutMs: 1000, feedbackBytes: 6000 });
    expect(outcome.tail).not.toContain(KEY_BODY);
    expect(outcome.tail).toContain('[secret masked: private-key]');
  });

  it('runLint: a failing linter that prints a token is reported masked', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'oryon-mask-lint-'));
    const result = await runLint({ root, files: [], commands: ['sh -c "exit 1"'], runner: fakeRunner(`config: GITHUB_TOKEN ${GITHUB}`) });
    const messages = result.findings.map((finding) => finding.message).join('\n');
    expect(messages).toContain('[secret masked: github-token]');
    expect(messages).not.toContain(GITHUB);
  });
});
