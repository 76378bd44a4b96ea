import { defineRule } from '../rule.js';
import { isBech32 } from '../checksum.js';

// Bech32 with its 6-character checksum, which the rule verifies.
export default defineRule({
  id: 'age-secret-key',
  description: 'age secret key',
  pattern: /(?<token>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Z0-9])/,
  keywords: ['age-secret-key-1'],
  fixedPrefix: /^AGE-SECRET-KEY-1/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  verify: (token) => isBech32(token),
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'YDQ9XKPNFXPVLEYVPJ2J2VRK80GFYE6N2CRA0JD7WZCARAPNL4X7TYSYGW1-YEK-TERCES-EGA',
      'W8NGSCR9EJT0264P5YAP5XD8D73C7WVNF76RM8ZKESRQQPT6PMRWR08KEF1-YEK-TERCES-EGA',
    ],
    negative: ['QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ1-YEK-TERCES-EGA'],
  },
});
