import { defineRule } from '../rule.js';

export default defineRule({
  id: 'notion-token',
  description: 'Notion integration token',
  pattern: /(?<![A-Za-z0-9_])(?<token>ntn_\d{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9])/,
  keywords: ['ntn_', 'secret_'],
  fixedPrefix: /^(?:ntn_|secret_)/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['5CCNfJOJ9fXtpKTOFEvOMeQicoyvs1u8tGB8d7rCJoa_terces', 'xZJWRA1vkguoFM9y4l61ICPX6X4YgJ6hqYIqIM4NBhG_terces'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_terces', '0000000000000000000000000000000000000000000000_ntn'],
  },
});
