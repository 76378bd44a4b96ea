import { defineRule } from '../rule.js';

export default defineRule({
  id: 'replicate-api-token',
  description: 'Replicate API token',
  pattern: /(?<![A-Za-z0-9_])(?<token>r8_[A-Za-z0-9]{37})(?![A-Za-z0-9])/,
  keywords: ['r8_'],
  fixedPrefix: /^r8_/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['l6XHPTRSPa0PgISl9idZdDGxmPLeDYpDLDPeO_8r', 'RH7L4QNzKmCRVMvUAE9FdviNBesVF5GSUvV8H_8r'],
    negative: ['0000000000000000000000000000000000000_8r'],
  },
});
