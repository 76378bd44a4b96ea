import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../../../src/core/gates/changes.js';
import type { RawFinding } from '../../../../src/core/gates/finding.js';
import { runSecurity } from '../../../../src/core/gates/security.js';
import { assignedLiterals } from '../../../../src/core/gates/security/credential.js';
import { refineFindings } from '../../../../src/core/gates/security/refine.js';
import { githubToken } from '../../../helpers/secret-tokens.js';

// The security gate on the shapes published packages ship (test/fixtures/security/oss, our
// own lines): findings in tests, fixtures, examples and docs are `low`, library and
// application code keeps the rule's severity.

const ROOT = path.resolve('test/fixtures/security/oss');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
  });
}

let findings: RawFinding[];

beforeAll(async () => {
  const files = filesUnder(ROOT).map((file) => {
    const content = readFileSync(path.join(ROOT, file), 'utf8');
    return { path: file, content, added: [], removedCount: 0, wholeFile: true };
  });
  const changes: ChangeSet = { contentRoot: ROOT, files };
  ({ findings } = await runSecurity({ changes, engines: ['ast-grep'] }));
});

const found = () => findings.map((finding) => `${finding.file}:${finding.line} ${finding.rule} ${finding.severity}`).sort();

describe('security findings by where they stand', () => {
  it('lowers shell commands, trusted test certificates and credentials in tests', () => {
    expect(found()).toEqual(
      expect.arrayContaining([
        'test/integration/scaffold.test.js:7 security/js-shell-injection low',
        'test/tls-server.test.js:8 security/js-tls-verify-disabled low',
        'test/session.test.js:3 security/js-hardcoded-credential low',
        'tests/test_client.py:7 security/py-hardcoded-credential low',
        'tests/test_client.py:8 security/py-tls-verify-disabled low',
      ]),
    );
    const lowered = findings.find((finding) => finding.file === 'test/tls-server.test.js')!;
    expect(lowered.message).toMatch(/; in a test, so not blocking$/);
  });

  it('keeps library and application code at the rule severity', () => {
    expect(found()).toEqual(
      expect.arrayContaining([
        'lib/db.js:3 security/js-hardcoded-credential high',
        'lib/db.js:4 security/js-hardcoded-credential high',
        'lib/tls.js:4 security/js-tls-verify-disabled high',
        'lib/tls.js:8 security/js-tls-verify-disabled high',
        'lib/tls.js:9 security/js-tls-verify-disabled high',
        'lib/run.js:4 security/js-shell-injection high',
        'app/settings.py:3 security/py-hardcoded-credential high',
        'app/settings.py:8 security/py-tls-verify-disabled high',
      ]),
    );
  });
});

describe('hard-coded credentials, judged with the secrets gate', () => {
  const at = (file: string) => found().filter((entry) => entry.startsWith(`${file}:`));

  it('does not report placeholders, labels or the names of environment variables', () => {
    // '<CLIENT_SECRET>', 'test', 'password' under `password`, 'MUST_BE_HIDDEN', '${API_KEY}'.
    expect(at('examples/oauth-provider.js')).toEqual(['examples/oauth-provider.js:12 security/js-hardcoded-credential low']);
    expect(at('test/session.test.js')).toEqual(['test/session.test.js:3 security/js-hardcoded-credential low']);
    expect(at('lib/credentials/container.js')).toEqual([]);
    expect(at('app/settings.py')).toEqual([
      'app/settings.py:3 security/py-hardcoded-credential high',
      'app/settings.py:8 security/py-tls-verify-disabled high',
    ]);
  });

  it('lowers chosen values in type tests and benchmarks', () => {
    expect(at('types/index.tst.ts')).toEqual(['types/index.tst.ts:4 security/js-hardcoded-credential low']);
    expect(at('benchmark/sign.js')).toEqual(['benchmark/sign.js:3 security/js-hardcoded-credential low']);
  });

  it("keeps a live provider's exact shape at the rule's severity, even in a test", () => {
    const text = `const settings = { apiKey: '${githubToken()}' };\n`;
    const [kept] = refineFindings(
      [{ gate: 'security', rule: 'security/js-hardcoded-credential', severity: 'high', file: 'test/api.test.js', line: 1, message: 'm' }],
      () => text,
    );
    expect(kept!.severity).toBe('high');
  });

  it('reads the literals as the rules match them, and no comparison', () => {
    expect(assignedLiterals(`const dbPassword: string = 'a1b2c3d4';`)).toEqual([{ name: 'dbPassword', value: 'a1b2c3d4' }]);
    expect(assignedLiterals(`{ 'client_secret': "v-9q", id: 'x-1234' }`)).toEqual([{ name: 'client_secret', value: 'v-9q' }]);
    expect(assignedLiterals(`connect(password=r'pa55-word')`)).toEqual([{ name: 'password', value: 'pa55-word' }]);
    expect(assignedLiterals(`if (password === 'hunter22') {}`)).toEqual([]);
  });
});

describe('TLS verification', () => {
  it('is off when the setting is assigned, not when it is read', () => {
    expect(found().filter((entry) => entry.startsWith('lib/http/'))).toEqual([]);
  });
});

describe('refineFindings', () => {
  const finding = (rule: string, file: string): RawFinding => ({ gate: 'security', rule, severity: 'high', file, line: 1, message: 'm' });

  it("leaves the repo's own Semgrep rules as they are, wherever they fire", () => {
    const own = finding('security/semgrep/no-shell', 'test/a.test.js');
    expect(refineFindings([own], () => 'x')).toEqual([own]);
  });

  it('names the place in the message', () => {
    const [docs, example] = refineFindings(
      [finding('security/js-eval-input', 'docs/recipes/eval.js'), finding('security/js-eval-input', 'examples/a.js')],
      () => '',
    );
    expect([docs!.severity, docs!.message]).toEqual(['low', 'm; in documentation, so not blocking']);
    expect(example!.message).toBe('m; in an example, so not blocking');
  });
});
