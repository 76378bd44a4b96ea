import { isSecretLike } from '../generic.js';
import { isPlaceholder } from '../placeholder.js';
import { defineRule, type Candidate } from '../rule.js';

// A Kubernetes `Secret` manifest's `data:` (base64) and `stringData:` (plain) values.
// Base64 values are decoded first: an encoded placeholder or an empty value is not a
// secret. Other manifests' `data:` maps (ConfigMaps) are not looked at.

const KIND = /^kind:[ \t]*["']?Secret["']?[ \t]*$/m;
const DOCUMENT_SEPARATOR = /^---[ \t]*$/m;

function decoded(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

function secretValue(value: string, encoded: boolean): boolean {
  if (!encoded) return isSecretLike(value, 8);
  const plain = decoded(value);
  if (plain === undefined || plain.length < 6 || /[\u0000-\u0008\uFFFD]/.test(plain)) return plain !== undefined && plain.length >= 16;
  // A long decoded value (a config file, a docker auth JSON) is secret data as a whole.
  return !isPlaceholder(plain) && (isSecretLike(plain, 8) || plain.length >= 24);
}

/** The YAML documents of `text` with their offsets. */
function documents(text: string): Array<{ base: number; document: string }> {
  const result: Array<{ base: number; document: string }> = [];
  const separator = new RegExp(DOCUMENT_SEPARATOR.source, 'gm');
  let base = 0;
  for (let match = separator.exec(text); match; match = separator.exec(text)) {
    result.push({ base, document: text.slice(base, match.index) });
    base = match.index + match[0].length;
  }
  result.push({ base, document: text.slice(base) });
  return result;
}

function* findValues(text: string): Iterable<Candidate> {
  for (const { base, document } of documents(text)) {
    if (!KIND.test(document)) continue;
    const map = /^(data|stringData):[ \t]*\r?\n((?:[ \t]+[^\n]*\r?\n?|[ \t]*\r?\n)*)/gm;
    for (let block = map.exec(document); block; block = map.exec(document)) {
      const encoded = block[1] === 'data';
      const entry = /^[ \t]+["']?[\w.-]+["']?:[ \t]*["']?([^\s"'#|>]+)["']?[ \t]*$/gm;
      const start = block.index + block[0].length - block[2]!.length;
      for (let item = entry.exec(block[2]!); item; item = entry.exec(block[2]!)) {
        const value = item[1]!;
        if (!secretValue(value, encoded)) continue;
        yield { index: base + start + item.index + item[0].lastIndexOf(value), token: value };
      }
    }
  }
}

export default defineRule({
  id: 'kubernetes-secret',
  description: 'value in a Kubernetes Secret manifest',
  find: findValues,
  keywords: ['kind: secret', 'kind: "secret"', "kind: 'secret'"],
  severity: 'high',
  live: false,
  priority: 1,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['1v :noisreVipa\nterceS :dnik\n:atadatem\nsterces-ppa :eman  \neuqapO :epyt\n:atad\nrJ1SpFna59mMyRTdyxWVJVGb5IzT4NlQ :DROWSSAP_BD  \n'],
    negative: [
      '1v :noisreVipa\nterceS :dnik\n:atadatem\nsterces-ppa :eman  \neuqapO :epyt\n:atad\n=UWbldmbhh2Y :DROWSSAP_BD  \n',
      '1v :noisreVipa\npaMgifnoC :dnik\n:atad\nHJXePlTZKdlQyEGdzoEULtEUkljZVNlN :LEVEL_GOL  \n',
    ],
  },
});
