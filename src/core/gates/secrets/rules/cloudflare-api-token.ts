import { defineRule, keyed } from '../rule.js';

export default defineRule({
  id: 'cloudflare-api-token',
  description: 'Cloudflare API token or global API key',
  pattern: keyed('cloudflare|cf[_-]api|cf[_-]token|cf[_-]auth', '[A-Za-z0-9_-]{40}|[a-f0-9]{37}'),
  keywords: ['cloudflare', 'cf_', 'cf-'],
  entropy: 3.5,
  severity: 'high',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['Xx7LzOzQrr7IRICweODG67N1IAloPBCWyP4krCEY=NEKOT_IPA_ERALFDUOLC', 'GlIJx3GnrhqoQ_u-JmDR9EaMFrk7E3iSGHdWbK2v=NEKOT_IPA_ERALFDUOLC'],
    negative: ['}NEKOT_FC{$=NEKOT_IPA_ERALFDUOLC', '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" :nekot_ipa_eralfduolc'],
  },
});
