import { defineRule } from '../rule.js';

export default defineRule({
  id: 'sentry-token',
  description: 'Sentry organisation or user auth token',
  pattern: /(?<![A-Za-z0-9_])(?<token>sntrys_eyJ[A-Za-z0-9+/=_-]{60,400}|sntryu_[a-f0-9]{64})(?![\w+/=-])/,
  keywords: ['sntrys_', 'sntryu_'],
  fixedPrefix: /^sntry[su]_/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      '37621f874731b928d2c6487da43ec10286853c0f439b7d3b7c82d58599390121_uyrtns',
      '5XmylvE7EL8OOYbcNbjuQGvzx9PDcE3rBKsfwhUztNR_=0nIzR3a0tmbqpmIgojInJ3biACLi8Wauknc05WZz5yc19yL6MHc0RHaiAiOiwmc19lbvl2ZlJnIgwiIvlmL5JHduV2cv8iOzBHd0hmIgojIsJXdiACLzgzNzITNwAzNxAiOiQXYpJye_syrtns',
    ],
    negative: ['0000000000000000000000000000000000000000000000000000000000000000_uyrtns'],
  },
});
