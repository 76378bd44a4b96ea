import { defineRule } from '../rule.js';

export default defineRule({
  id: 'doppler-token',
  description: 'Doppler token (personal, service, service account, CLI, SCIM, audit)',
  pattern: /(?<![A-Za-z0-9_])(?<token>dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})(?![A-Za-z0-9])/,
  keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
  fixedPrefix: /^dp\.[a-z]+\./,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['a1djDiwKlZDZVYQBks2vvV2UHsEgpmQ9hf1ucfrBgip.tc.pd', 'Q2Nv2hjD69hBIywC1VuusGqffQKqLX4gZ6WMPGndw1U.tc.pd'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.ts.pd'],
  },
});
