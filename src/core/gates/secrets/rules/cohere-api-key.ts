import { defineRule, keyed } from '../rule.js';

export default defineRule({
  id: 'cohere-api-key',
  description: 'Cohere API key',
  pattern: keyed('cohere|co[_-]api', '[A-Za-z0-9]{40}'),
  keywords: ['cohere', 'co_api', 'co-api'],
  entropy: 3.8,
  severity: 'high',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['VDronB2V3QogD2uWVTjjdsnhbXSLdtrDDZRe8xdk=YEK_IPA_EREHOC', 'eld55wqbgAAKuRT0oaMcpDz3UfqkkY5csrAzPvaQ=YEK_IPA_EREHOC'],
    negative: ['}} YEK_IPA_EREHOC.sterces {{$=YEK_IPA_EREHOC', '"etadidnac-esaeler-4202-80-sulp-r-dnammoc" = ledom_erehoc'],
  },
});
