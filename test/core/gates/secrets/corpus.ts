import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeSample } from '../../../../src/core/gates/secrets/samples.js';

// The corpora in test/fixtures/secrets (README there): true samples per rule in many
// contexts, built from tokens.tsv × contexts.txt and the structural files in true/, and
// the clean corpus. Secret samples are stored reversed and decoded here.

export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../fixtures/secrets');

export interface TrueSample {
  rule: string;
  /** The file name the context gives it (decides config-file handling). */
  file: string;
  context: string;
  text: string;
}

const words = (name: string) =>
  name
    .split(/[_\s-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function fill(template: string, name: string, token: string): string {
  const parts = words(name);
  return template
    .replaceAll('\\n', '\n')
    .replaceAll('@@NAME@@', name)
    .replaceAll('@@name@@', parts.join('_'))
    .replaceAll('@@camel@@', parts[0]! + parts.slice(1).map(capitalise).join(''))
    .replaceAll('@@Pascal@@', parts.map(capitalise).join(''))
    .replaceAll('@@TOKEN@@', token);
}

function dataLines(file: string): string[] {
  return readFileSync(path.join(CORPUS_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

export function trueSamples(): TrueSample[] {
  const contexts = dataLines('contexts.txt').map((line) => {
    const [file, scope, template] = line.split('\t') as [string, 'any' | 'shape', string];
    return { file, scope, template };
  });
  const samples: TrueSample[] = [];
  for (const line of dataLines('tokens.tsv')) {
    const [rule, name, stored] = line.split('\t') as [string, string, string];
    const token = decodeSample(stored);
    for (const context of contexts) {
      if (context.scope === 'shape' && name !== '') continue;
      samples.push({ rule, file: context.file, context: context.file, text: fill(context.template, name || 'VALUE', token) });
    }
  }
  for (const file of readdirSync(path.join(CORPUS_DIR, 'true'))) {
    const rule = file.replace(/\.txt$/, '');
    const stored = readFileSync(path.join(CORPUS_DIR, 'true', file), 'utf8')
      .split('\n')
      .slice(1)
      .join('\n')
      .trimEnd();
    stored.split('\n===\n').forEach((block, n) => samples.push({ rule, file: 'block.txt', context: `block ${n + 1}`, text: decodeSample(block) }));
  }
  return samples;
}

/** Every clean file, repo-relative to clean/. */
export function cleanFiles(): Array<{ path: string; text: string }> {
  const root = path.join(CORPUS_DIR, 'clean');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const absolute = path.join(entry.parentPath, entry.name);
      return { path: path.relative(root, absolute).split(path.sep).join('/'), text: readFileSync(absolute, 'utf8') };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
