import { isSecretLike } from '../generic.js';
import { defineRule } from '../rule.js';

// An Authorization (or API-key) header with a literal credential, wherever it is written:
// `curl -H "Authorization: Bearer …"`, an .http file, `headers.set('Authorization', 'Basic …')`,
// a YAML `Authorization: token …`. The credential must look generated, so
// `Bearer $TOKEN`, `Bearer <token>` and `Bearer ${{ secrets.X }}` are left alone.

/** The password of a Basic credential (`base64(user:password)`), or undefined for other tokens. */
function basicPassword(token: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return undefined;
  const plain = Buffer.from(token, 'base64').toString('utf8');
  const colon = plain.indexOf(':');
  // Printable text, non-ASCII too (`test:123£`); a replacement character means it was not UTF-8.
  return colon > 0 && /^[^\x00-\x1f\x7f\ufffd]+$/.test(plain) ? plain.slice(colon + 1) : undefined;
}

export default defineRule({
  id: 'authorization-header',
  description: 'credential in an Authorization header',
  pattern:
    /\bAuthorization\\?["']?[ \t]*[:=,][ \t]*\\?["']?[ \t]*(?:Bearer|Basic|token|Token|Bot|Digest|ApiKey|Api-Key)[ \t]+(?<token>[A-Za-z0-9._~+/=-]{12,1000})/gi,
  keywords: ['authorization'],
  severity: 'high',
  live: false,
  priority: 2,
  verify: (token) => {
    const password = basicPassword(token);
    return password !== undefined ? isSecretLike(password, 8) : isSecretLike(token, 12);
  },
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'sboj/2v/tset.lanretni.ipa//:sptth "ubz4YsAYDFVINWisEFi00lbpjeLl3kMMc0IhdTW6 reraeB :noitazirohtuA" H- lruc',
      ')"1e9b19a467a14182d9dd56b7b01c569a21a64f6e nekot" ,"noitazirohtuA"(tes.sredaeh',
    ],
    negative: [
      'moc.elpmaxe.ipa//:sptth "NEKOT_IPA$ reraeB :noitazirohtuA" H- lruc',
      '>nekot< reraeB :noitazirohtuA',
      'x//:sptth "}} NEKOT_YOLPED.sterces {{$ reraeB :noitazirohtuA" H- lruc',
      '=Qmcvd3czFGc6UWbh5mclNXd cisaB :noitazirohtuA',
    ],
  },
});
