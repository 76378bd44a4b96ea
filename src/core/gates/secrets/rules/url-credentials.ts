import { defineRule } from '../rule.js';
import { decodeURIComponentSafe, isSecretLike } from '../generic.js';

export default defineRule({
  id: 'url-credentials',
  description: 'Password embedded in a URL',
  pattern: /(?<![\w+.-])[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@"'<>]{0,64}:(?<token>[^\s:/@"'<>]{3,128})@[A-Za-z0-9.-]+/,
  keywords: ['://'],
  severity: 'high',
  live: false,
  priority: 2,
  verify: (token) => isSecretLike(decodeURIComponentSafe(token), 8),
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['tig.oper/gro.elpmaxe.tig@v3B9IceEUkSmaJZ9pI6RisFD:yolped//:sptth', 'tig.oper/gro.elpmaxe.tig@s5TOx2i8VLb8lHSRIiua7uhC:yolped//:sptth'],
    negative: [
      'ppa/2345:tsohlacol@sergtsop:sergtsop//:sergtsop',
      '71072:ognom@}DROWSSAP_OGNOM{$:nimda//:bdognom',
      '9736:tsohlacol@drowssap://:sider',
      'moc.elpmaxe@>drowssap<:resu//:sptth',
    ],
  },
});
