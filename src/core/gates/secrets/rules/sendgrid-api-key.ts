import { defineRule } from '../rule.js';

export default defineRule({
  id: 'sendgrid-api-key',
  description: 'SendGrid API key',
  pattern: /(?<![A-Za-z0-9_])(?<token>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![\w-])/,
  keywords: ['sg.'],
  fixedPrefix: /^SG\./,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      '8Snq4eSkoMgQW_tMKrHznRWObvm--JLf-KPaIs0yu6x.XjazA9Xc6fdMRPeyEgQH2T.GS',
      'e3inh1kYN_UeYLdReIaLydP2NomWX6_Cf87bEaWwHVt.fcPJDc3cR0l1ilDSX3w0e3.GS',
    ],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxx.GS'],
  },
});
