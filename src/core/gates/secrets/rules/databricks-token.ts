import { defineRule } from '../rule.js';

export default defineRule({
  id: 'databricks-token',
  description: 'Databricks personal access token',
  pattern: /(?<![A-Za-z0-9])(?<token>dapi[a-f0-9]{32}(?:-\d)?)(?![\w-])/,
  keywords: ['dapi'],
  fixedPrefix: /^dapi/,
  entropy: 3.2,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['8ca49cbeea74ed92b73d33031a20e8daipad', '8f03ea57e2bc9772d49ab1b01347f100ipad'],
    negative: ['00000000000000000000000000000000ipad', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxipad'],
  },
});
