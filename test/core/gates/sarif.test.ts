import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/gates/finding.js';
import { sarifLevel, toSarif } from '../../../src/core/gates/sarif.js';
import { validateFullSarif } from './sarif-schema.js';

// Validated twice: against the complete official schema (sarif-schema.ts), and against
// test/fixtures/sarif-2.1.0-subset.json, a strict-mode copy of its rules for every object
// oryon writes, where Ajv also refuses unknown keywords.
const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../fixtures/sarif-2.1.0-subset.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
ajv.addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value));
ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/') && !/\s/.test(value));
const validate = ajv.compile(schema);

const findings: Finding[] = [
  { gate: 'secrets', rule: 'secrets/github-token', severity: 'critical', file: 'src/app.py', line: 3, message: 'GitHub token (ghp_…89)', blocking: true },
  {
    gate: 'security',
    rule: 'security/py-eval-input',
    severity: 'high',
    file: 'dir with space/é.py',
    line: 9,
    message: 'eval of input',
    blocking: false,
    suppressed: 'constant table',
  },
  {
    gate: 'policy',
    rule: 'policy/limits.max_files_changed',
    severity: 'high',
    file: '',
    line: 0,
    message: '30 files changed; the limit is 20',
    blocking: true,
  },
  { gate: 'lint', rule: 'lint/eslint/no-unused-vars', severity: 'low', file: 'web/a.ts', line: 0, message: 'unused', blocking: false },
];

describe('toSarif', () => {
  const log = toSarif(findings, { toolVersion: '0.1.0', repoRoot: '/tmp/my repo' });

  it('validates against the SARIF 2.1.0 schema', () => {
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('validates with no findings', () => {
    expect(validate(toSarif([], { toolVersion: '0.1.0' }))).toBe(true);
  });

  it('validates against the complete SARIF 2.1.0 schema, which also refuses a broken log', () => {
    const ok = validateFullSarif(log);
    expect(validateFullSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(validateFullSarif(toSarif([], { toolVersion: '0.1.0' }))).toBe(true);
    const broken = structuredClone(log) as any;
    broken.runs[0].results[0].level = 'fatal';
    expect(validateFullSarif(broken)).toBe(false);
    const misplaced = structuredClone(log) as any;
    misplaced.runs[0].results[0].locations[0].physicalLocation.line = 3;
    expect(validateFullSarif(misplaced)).toBe(false);
    const badSuppression = structuredClone(log) as any;
    badSuppression.runs[0].results[1].suppressions[0].kind = 'inline';
    expect(validateFullSarif(badSuppression)).toBe(false);
  });

  it('the schema is not a rubber stamp', () => {
    const broken = structuredClone(log) as any;
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);
    const noLine = structuredClone(log) as any;
    noLine.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(noLine)).toBe(false);
  });

  it('keeps rules, locations, levels and suppression reasons', () => {
    const run = (log as any).runs[0];
    expect(run.tool.driver.name).toBe('oryon');
    expect(run.tool.driver.rules.map((rule: any) => rule.id)).toEqual([
      'lint/eslint/no-unused-vars',
      'policy/limits.max_files_changed',
      'secrets/github-token',
      'security/py-eval-input',
    ]);
    const [token, evalHit, limit] = run.results;
    expect(token).toMatchObject({
      ruleId: 'secrets/github-token',
      ruleIndex: 2,
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/app.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } } }],
    });
    expect(evalHit.locations[0].physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/%C3%A9.py');
    expect(evalHit.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'constant table' }]);
    expect(limit.locations).toBeUndefined();
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///tmp/my%20repo/');
  });

  it('maps blocking to error and the rest by severity', () => {
    expect(sarifLevel('low', true)).toBe('error');
    expect(sarifLevel('high', false)).toBe('warning');
    expect(sarifLevel('info', false)).toBe('note');
  });
});
