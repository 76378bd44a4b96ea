import { defineRule, keyed } from '../rule.js';

export default defineRule({
  id: 'twilio-auth-token',
  description: 'Twilio auth token (next to a Twilio name or an AC… account SID)',
  pattern: keyed('twilio|AC[0-9a-f]{32}', '[0-9a-f]{32}'),
  keywords: ['twilio', 'ac'],
  entropy: 3.2,
  severity: 'high',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['8a26a50d2e58253f1955b94e208d8762=NEKOT_HTUA_OILIWT', '8dccf3f23ffd07a7391e81996c9f33ad=NEKOT_HTUA_OILIWT'],
    negative: ['nekot_htua_ruoy=NEKOT_HTUA_OILIWT', '"60005550051+" = rebmun_oiliwt'],
  },
});
