import { defineRule } from '../rule.js';

export default defineRule({
  id: 'twilio-api-key',
  description: 'Twilio API key',
  pattern: /(?<![A-Za-z0-9])(?<token>SK[0-9a-f]{32})(?![A-Za-z0-9])/,
  keywords: ['sk'],
  fixedPrefix: /^SK/,
  entropy: 3.2,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['452bf192f3c67093e3a73475ce0cc592KS', '5b9c2bed1b03710936498253db8ce172KS'],
    negative: ['00000000000000000000000000000000KS', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxKS'],
  },
});
