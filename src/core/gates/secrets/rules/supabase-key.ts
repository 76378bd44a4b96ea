import { defineRule } from '../rule.js';

export default defineRule({
  id: 'supabase-key',
  description: 'Supabase access token or secret API key',
  pattern: /(?<![A-Za-z0-9_])(?<token>sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{31,64})(?![\w-])/,
  keywords: ['sbp_', 'sb_secret_'],
  fixedPrefix: /^sb(?:p|_secret)_/,
  entropy: 3.3,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['ghWZ7tM6f29UI2DrhGt7CsgFw6Uqxa-_terces_bs', 'bDJq4UMiomIE2FPp3V932OLLJey4FFE_terces_bs'],
    negative: ['0000000000000000000000000000000000000000_pbs', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_terces_bs'],
  },
});
