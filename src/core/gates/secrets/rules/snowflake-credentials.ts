import { defineRule } from '../rule.js';
import { isSecretLike } from '../generic.js';

export default defineRule({
  id: 'snowflake-credentials',
  description: 'Snowflake connection URL with a password',
  pattern: /snowflake:\/\/[^:/@\s"']{1,64}:(?<token>[^@\s/"']{6,128})@/,
  keywords: ['snowflake://'],
  severity: 'critical',
  live: false,
  priority: 1,
  verify: (token) => isSecretLike(token, 8),
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'scitylana/1-lartnec-ue.19901yx@Q01IszaoySuwZ8A7P7qT:resu_lte//:ekalfwons',
      'scitylana/1-lartnec-ue.89517yx@PkZM7LwX2Ff43C0QwNbk:resu_lte//:ekalfwons',
    ],
    negative: ['bd/tnuocca@drowssap:resu//:ekalfwons', 'bd/tcca@}DROWSSAP_EKALFWONS{$:lte//:ekalfwons'],
  },
});
