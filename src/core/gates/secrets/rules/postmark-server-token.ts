import { defineRule, keyed } from '../rule.js';

export default defineRule({
  id: 'postmark-server-token',
  description: 'Postmark server or account token',
  pattern: keyed('postmark', '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
  keywords: ['postmark'],
  entropy: 3.0,
  severity: 'high',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['49f81e66dda6-bbba-5544-917c-78c943f5=NEKOT_REVRES_KRAMTSOP', 'a2bab578f7a6-de0a-7974-8754-716f119c=NEKOT_REVRES_KRAMTSOP'],
    negative: ['000000000000-0000-0000-0000-00000000=NEKOT_REVRES_KRAMTSOP', '"troppus" = rednes_kramtsop'],
  },
});
