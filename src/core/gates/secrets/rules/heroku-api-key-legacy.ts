import { defineRule, keyed } from '../rule.js';

export default defineRule({
  id: 'heroku-api-key-legacy',
  description: 'Heroku API key (UUID form, next to a Heroku name)',
  pattern: keyed('heroku', '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
  keywords: ['heroku'],
  entropy: 3.0,
  severity: 'high',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['d78de25c2bcb-74ba-e964-61fb-b584a64a=YEK_IPA_UKOREH', 'a6bdbed1efde-f97a-7b64-2b01-e1932086=YEK_IPA_UKOREH'],
    negative: ['000000000000-0000-0000-0000-00000000=YEK_IPA_UKOREH', '"ppa-ym" = eman_ppa_ukoreh'],
  },
});
