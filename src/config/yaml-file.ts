import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { BadInputError } from '../core/errors.js';

/** A file that holds a YAML mapping validated by a zod schema. */
export interface YamlSource {
  /** Path shown in messages (relative to the cwd when inside it). */
  displayPath: string;
  text: string;
}

export function readYamlSource(file: string): YamlSource | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BadInputError(`${displayPath(file)}: cannot read: ${(error as Error).message}`);
  }
  return { displayPath: displayPath(file), text };
}

export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/**
 * Parse YAML and validate it, failing with one message that names the file, the line
 * and column, and the key path: `.oryon/config.yaml:7:3 model.num_ctx: expected ...`.
 */
export function parseYaml<T>(source: YamlSource, schema: z.ZodType<T>): T {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const pos = syntaxError.linePos?.[0] ?? { line: 1, col: 1 };
    const firstLine = syntaxError.message.split('\n')[0] ?? syntaxError.message;
    throw new BadInputError(`${source.displayPath}:${pos.line}:${pos.col} invalid YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const value: unknown = doc.contents === null ? {} : doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadInputError(`${source.displayPath}:1:1 expected a mapping of settings at the top level`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new BadInputError(describeIssue(source.displayPath, doc, lineCounter, issue, value, schema));
}

function describeIssue(file: string, doc: Document, lineCounter: LineCounter, issue: z.core.$ZodIssue, value: unknown, schema: z.ZodType): string {
  const issuePath = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const fullPath = [...issuePath, key];
    const known = knownKeys(schema, issuePath);
    const suggestion = closest(key, known);
    const node = keyNode(doc, issuePath, key);
    const where = position(lineCounter, node);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : known.length ? ` (expected one of ${known.join(', ')})` : '';
    return `${file}:${where} ${fullPath.join('.')}: unknown key${hint}`;
  }
  // Point at the key that holds the bad value (`model.num_ctx` at 7:3), as editors do.
  const last = issuePath[issuePath.length - 1];
  const node =
    typeof last === 'string' && doc.getIn(issuePath as unknown[], true) !== undefined
      ? keyNode(doc, issuePath.slice(0, -1), last)
      : deepestNode(doc, issuePath);
  const where = position(lineCounter, node);
  const actual = valueAt(value, issuePath);
  const got = actual === undefined ? ', but it is missing' : `, got ${JSON.stringify(actual)}`;
  const keyPath = issuePath.length ? issuePath.join('.') : '(top level)';
  return `${file}:${where} ${keyPath}: ${issue.message}${got}`;
}

function position(lineCounter: LineCounter, node: Node | undefined): string {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return `${line}:${col}`;
}

/** The node at the path, or the nearest ancestor that exists (for missing keys). */
function deepestNode(doc: Document, issuePath: readonly PropertyKey[]): Node | undefined {
  for (let depth = issuePath.length; depth >= 0; depth--) {
    const node = doc.getIn(issuePath.slice(0, depth) as unknown[], true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node) return node;
  }
  return undefined;
}

function keyNode(doc: Document, parentPath: readonly PropertyKey[], key: string): Node | undefined {
  const parent = parentPath.length ? doc.getIn(parentPath as unknown[], true) : doc.contents;
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
    }
  }
  return deepestNode(doc, parentPath);
}

function valueAt(value: unknown, issuePath: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of issuePath) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function knownKeys(schema: z.ZodType, issuePath: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const key of [...issuePath, undefined]) {
    while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      current = (current as z.ZodOptional<z.ZodType>).unwrap();
    }
    if (current instanceof z.ZodArray) {
      current = current.element;
      if (typeof key === 'number') continue;
    }
    if (key === undefined) break;
    if (!(current instanceof z.ZodObject)) return [];
    current = (current.shape as Record<string, unknown>)[String(key)];
  }
  while (current instanceof z.ZodOptional) current = current.unwrap();
  if (current instanceof z.ZodArray) current = current.element;
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
