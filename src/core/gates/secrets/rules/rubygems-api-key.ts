import { defineRule } from '../rule.js';

export default defineRule({
  id: 'rubygems-api-key',
  description: 'RubyGems API key',
  pattern: /(?<![A-Za-z0-9_])(?<token>rubygems_[a-f0-9]{48})(?![a-f0-9])/,
  keywords: ['rubygems_'],
  fixedPrefix: /^rubygems_/,
  entropy: 3.3,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['10c92f7871e3098ad715c7d686d27eb5d188a3ce1a4f7f4a_smegybur', '47c30c028645564881a186cbcc7f4dacd88055f55806e51c_smegybur'],
    negative: ['000000000000000000000000000000000000000000000000_smegybur'],
  },
});
