import { defineRule } from '../rule.js';
import { hasCrc32Tail } from '../checksum.js';

// Same base62 CRC32 tail as GitHub's tokens.
export default defineRule({
  id: 'npm-token',
  description: 'npm access token',
  pattern: /(?<![A-Za-z0-9_])(?<token>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/,
  keywords: ['npm_'],
  fixedPrefix: /^npm_/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  verify: (token) => hasCrc32Tail(token, 4),
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['UPyoC1zMQkKnKIHAg5v8jeecWFHCdynfRX0F_mpn', 'p2BRP4WaSd82TCXO6qsaxqmRTWuvG2reP7w5_mpn'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_mpn', '00oA0eU5gJ1fH6cN3bYzW8tR4dKs9PmL2xV7q_mpn'],
  },
});
