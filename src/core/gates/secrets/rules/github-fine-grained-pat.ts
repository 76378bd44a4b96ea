import { defineRule } from '../rule.js';

export default defineRule({
  id: 'github-fine-grained-pat',
  description: 'GitHub fine-grained personal access token',
  pattern: /(?<![A-Za-z0-9_])(?<token>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9])/,
  keywords: ['github_pat_'],
  fixedPrefix: /^github_pat_/,
  entropy: 4.0,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'GUEx4do4vxE2nft8F0nzRBd3I5KBIneany1DbQaJLBB458Y7ZpVII0uosUG_OACICPU15E7UMTZLI8XT11_tap_buhtig',
      'Cyv9CCvZJL6o5dEqqOZ7erk1WIGS4CwyZBhKjRt7RJkxA8mdT8yb9cIki6N_ZC40CPJJ8GVMYYN6P92T11_tap_buhtig',
    ],
    negative: ['XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX_XXXXXXXXXXXXXXXXXXXXXX_tap_buhtig', 'CBA11_tap_buhtig'],
  },
});
