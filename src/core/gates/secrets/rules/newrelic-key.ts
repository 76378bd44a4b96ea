import { defineRule } from '../rule.js';

export default defineRule({
  id: 'newrelic-key',
  description: 'New Relic user, browser, insights or license key',
  pattern: /(?<![A-Za-z0-9_])(?<token>NRAK-[A-Z0-9]{27}|NRJS-[a-f0-9]{19}|NRII-[A-Za-z0-9_-]{32}|[a-f0-9]{36}NRAL)(?![\w-])/,
  keywords: ['nrak-', 'nrjs-', 'nrii-', 'nral'],
  fixedPrefix: /^NR[A-Z]{2}-/,
  entropy: 3.0,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['LARNf5eed8af8173c6ba35edb38aae183ebe31a4', 'R2ARESJXVDYVJPYSAA2GK6UE5SO-KARN'],
    negative: ['XXXXXXXXXXXXXXXXXXXXXXXXXXX-KARN'],
  },
});
