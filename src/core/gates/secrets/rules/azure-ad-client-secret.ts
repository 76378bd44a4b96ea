import { defineRule } from '../rule.js';

// 3 characters, a digit, `Q~`, then 31-34 characters.
export default defineRule({
  id: 'azure-ad-client-secret',
  description: 'Azure AD (Entra ID) client secret',
  pattern: /(?<![\w~.-])(?<token>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/,
  keywords: ['q~'],
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['8dtkhqppmrUeHTpQECZsTXeakEZs3BqrTu~Q1I9b', '1I2yHtNFydxClYn_hsxnhS9Yk7du_aT7jO~Q511v'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx~Q8cba', '~Q1~~~'],
  },
});
