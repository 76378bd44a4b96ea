import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { RULES_DIR } from '../../../src/core/gates/ast-grep.js';
import { findSemgrep, runSemgrep, SEMGREP_RULES } from '../../../src/core/gates/semgrep.js';
import { tempDir } from '../../helpers/git-repo.js';
import { CASES } from './security-cases.js';

// The shipped rule sets must stay in step: the same ids in ast-grep and Semgrep (findings
// from both engines merge by id), and snippets for every rule. Semgrep itself is not
// installed here; where it is, every snippet runs through it as through ast-grep.

const astGrepIds = readdirSync(RULES_DIR)
  .filter((name) => name.endsWith('.yml'))
  .flatMap((name) => parseAllDocuments(readFileSync(path.join(RULES_DIR, name), 'utf8')).map((doc) => (doc.toJS() as { id: string }).id))
  .sort();
const semgrepFile = path.join(SEMGREP_RULES, 'oryon.yml');

describe('the shipped rule sets', () => {
  it('the Semgrep rules are valid YAML with the fields Semgrep requires, one per ast-grep rule', () => {
    const { rules } = parse(readFileSync(semgrepFile, 'utf8')) as { rules: Array<Record<string, unknown>> };
    for (const rule of rules) {
      expect(rule).toMatchObject({
        id: expect.any(String),
        languages: expect.any(Array),
        severity: 'ERROR',
        message: expect.any(String),
        metadata: { severity: 'high' },
      });
      expect(['pattern', 'patterns', 'pattern-either'].filter((key) => key in rule)).toHaveLength(1);
    }
    expect(rules.map((rule) => rule.id).sort()).toEqual(astGrepIds);
  });

  it('every rule has vulnerable and clean snippets', () => {
    expect(CASES.map((entry) => entry.rule).sort()).toEqual(astGrepIds);
    for (const entry of CASES) {
      expect(entry.vulnerable.length).toBeGreaterThan(0);
      expect(entry.clean.length).toBeGreaterThan(0);
    }
  });
});

const semgrep = findSemgrep();

describe.skipIf(!semgrep)('the Semgrep rules on every snippet (semgrep installed)', () => {
  it('finds each vulnerable snippet and stays quiet on each clean one', async () => {
    const dir = tempDir('oryon-semgrep-cases-');
    mkdirSync(path.join(dir, 'cases'));
    const files: Array<{ name: string; rule: string; vulnerable: boolean }> = [];
    CASES.forEach((entry, index) => {
      for (const [kind, snippets] of [
        ['vuln', entry.vulnerable],
        ['clean', entry.clean],
      ] as const) {
        snippets.forEach((snippet, n) => {
          const name = `cases/${index}-${entry.rule}-${kind}-${n}.${entry.ext}`;
          writeFileSync(path.join(dir, name), `${snippet}\n`);
          files.push({ name, rule: `security/${entry.rule}`, vulnerable: kind === 'vuln' });
        });
      }
    });
    const findings = await runSemgrep({ executable: semgrep!, cwd: dir, files: files.map((file) => file.name) });
    const missed = files.filter((file) => file.vulnerable && !findings.some((f) => f.file === file.name && f.rule === file.rule)).map((file) => file.name);
    const falsePositives = files.filter((file) => !file.vulnerable && findings.some((f) => f.file === file.name)).map((file) => file.name);
    expect({ missed, falsePositives }).toEqual({ missed: [], falsePositives: [] });
  }, 120_000);
});
