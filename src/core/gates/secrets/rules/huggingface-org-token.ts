import { defineRule } from '../rule.js';

export default defineRule({
  id: 'huggingface-org-token',
  description: 'Hugging Face organisation API token',
  pattern: /(?<![A-Za-z0-9_])(?<token>api_org_[A-Za-z]{34})(?![A-Za-z0-9])/,
  keywords: ['api_org_'],
  fixedPrefix: /^api_org_/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['aYDPhNOOlVsmDwQKVXpJqDVWzyqSpGuXye_gro_ipa', 'tGCDdTgfliMXctWUCTShTqUJPWCZFUdxiF_gro_ipa'],
    negative: ['XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX_gro_ipa'],
  },
});
