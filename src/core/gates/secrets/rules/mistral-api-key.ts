import { defineRule, keyed } from '../rule.js';

export default defineRule({
  id: 'mistral-api-key',
  description: 'Mistral AI API key',
  pattern: keyed('mistral', '[A-Za-z0-9]{32}'),
  keywords: ['mistral'],
  entropy: 3.8,
  severity: 'high',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['UWcvjCjO10D4orOC4EcrUboRr7wfoAjQ=YEK_IPA_LARTSIM', 'zm0DEzhD8L7fptdOCb5POGSPKJjRKAP4=YEK_IPA_LARTSIM'],
    negative: ['ereh_yek_ipa_lartsim_ruoy=YEK_IPA_LARTSIM', '"tsetaL7042egraLlartsim" = ledom_lartsim'],
  },
});
