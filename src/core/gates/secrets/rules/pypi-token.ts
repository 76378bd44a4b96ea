import { defineRule } from '../rule.js';

// A macaroon whose location (pypi.org, test.pypi.org) is encoded right after the prefix.
export default defineRule({
  id: 'pypi-token',
  description: 'PyPI API token',
  pattern: /(?<![A-Za-z0-9_])(?<token>pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,300})(?![\w-])/,
  keywords: ['pypi-age'],
  fixedPrefix: /^pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      '48K9si2ph4FadXjah01MAZ3QsS1HAy4BQt7S-OsUxa5D3LFbumkZEx5EcwSvgr4WptKGbpEDwb_T-FtKX3qefgsZNl3Z5TxKvbgpZb65oO1vpjLU4PL3gGg1AHK3hI7zdaZPzxO-rOy2cmcv5SawlHcIEgA-ipyp',
      'hG_IG-LDC-QOWR2X9S3lU34yJW8McZM42PpvY0bFdYUfhUKQ1FG5i8JRIIBm_EVbXrr3dvWs2nvkkPH54v56dMMeoH9-YRMa8HSnQGzGWIYEjTBGF-3MPjLLZtvScjHy3pW1861VxGPMcmcv5SawlHcIEgA-ipyp',
    ],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxcmcv5SawlHcIEgA-ipyp', '>nekot<-ipyp'],
  },
});
