import { defineRule } from '../rule.js';

// Long-term (AKIA) and temporary (ASIA) key ids: 4-letter kind + 16 base32 characters.
export default defineRule({
  id: 'aws-access-key-id',
  description: 'AWS access key id',
  pattern: /(?<![A-Za-z0-9_])(?<token>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/,
  keywords: ['akia', 'asia', 'abia', 'acca'],
  fixedPrefix: /^[A-Z]{4}/,
  entropy: 2.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['UHQMQ5S6L77MPV4HAIKA', 'WZOZVAQTN7MXMPKPAIKA'],
    negative: ['ELPMAXE7NNDOFSOIAIKA', 'XXXXXXXXXXXXXXXXAIKA', '0000000000000000AIKA', '4321AIKA'],
  },
});
