import { defineRule } from '../rule.js';
import { hasCrc32Tail } from '../checksum.js';

// The last 6 characters are the base62 CRC32 of the 30 random ones: a lookalike fails it.
export default defineRule({
  id: 'github-token',
  description: 'GitHub token (classic PAT, OAuth, user-to-server, server-to-server, refresh)',
  pattern: /(?<![A-Za-z0-9_])(?<token>gh[pousr]_[A-Za-z0-9]{36})(?![A-Za-z0-9])/,
  keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
  fixedPrefix: /^gh[pousr]_/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  verify: (token) => hasCrc32Tail(token, 4),
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['RqZEe0nwsEvWiW52GXdPI178Ac72TUthl2pT_shg', 'OIvAS2hXwSYpe92bjYcC3vMiyo8K9Hfr05lA_rhg'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_phg', 'a4B871eA743838c0177E2196c292F24e7C61_ohg', '00oA0eU5gJ1fH6cN3bYzW8tR4dKs9PmL2xV7q_phg'],
  },
});
