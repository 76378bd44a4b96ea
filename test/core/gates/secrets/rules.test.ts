import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../../src/core/gates/secrets/rules/index.js';
import { decodeSample } from '../../../../src/core/gates/secrets/samples.js';
import { findSecrets } from '../../../../src/core/gates/secrets/scan.js';

// Each rule's own samples: every positive is found by that rule, no negative is.

const RULES_DIR = path.resolve(import.meta.dirname, '../../../../src/core/gates/secrets/rules');

describe('the rule registry', () => {
  it('has one file per rule, named by its id, and at least 60 provider rules', () => {
    const files = readdirSync(RULES_DIR)
      .filter((name) => !['index.ts', 'all.ts'].includes(name))
      .map((name) => name.replace(/\.ts$/, ''))
      .sort();
    expect(RULES.map((rule) => rule.id).sort()).toEqual(files);
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    expect(RULES.length).toBeGreaterThanOrEqual(60);
  });

  it('gives every rule a positive and a negative sample, and keywords in lower case', () => {
    for (const rule of RULES) {
      expect(rule.samples.positive.length, rule.id).toBeGreaterThan(0);
      expect(rule.samples.negative.length, rule.id).toBeGreaterThan(0);
      expect(
        rule.keywords.every((keyword) => keyword === keyword.toLowerCase()),
        rule.id,
      ).toBe(true);
      expect(Boolean(rule.pattern) !== Boolean(rule.find), rule.id).toBe(true);
    }
  });
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  it.each(rule.samples.positive.map((sample, n) => [n, sample] as const))('finds positive sample %i', (_n, stored) => {
    const sample = decodeSample(stored);
    const hits = findSecrets(sample).filter((hit) => hit.ruleId === id);
    expect(hits.length, `${id} should find ${sample.slice(0, 12)}…`).toBeGreaterThan(0);
  });
  it.each(rule.samples.negative.map((sample, n) => [n, sample] as const))('ignores negative sample %i', (_n, stored) => {
    const sample = decodeSample(stored);
    expect(
      findSecrets(sample)
        .filter((hit) => hit.ruleId === id)
        .map((hit) => hit.token.slice(0, 12)),
    ).toEqual([]);
  });
});
