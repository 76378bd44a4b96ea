import { defineRule } from '../rule.js';

export default defineRule({
  id: 'digitalocean-token',
  description: 'DigitalOcean token (personal, OAuth, refresh)',
  pattern: /(?<![A-Za-z0-9_])(?<token>do[por]_v1_[a-f0-9]{64})(?![a-f0-9])/,
  keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
  fixedPrefix: /^do[por]_v1_/,
  entropy: 3.0,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'f7a0258275146f18b551bff5edede9f8261c8b5d8244b6f4c8d1a575437b5a19_1v_pod',
      'fde6b40976bdd46dbd0e532ee8003335a41c1313a88dd8963d9b61dc00c9450f_1v_pod',
    ],
    negative: ['0000000000000000000000000000000000000000000000000000000000000000_1v_pod', '1a1a1a1a1a1a1a1a1a1a_1v_pod'],
  },
});
