import { defineRule } from '../rule.js';

export default defineRule({
  id: 'bitbucket-app-password',
  description: 'Bitbucket app password',
  pattern: /(?<![A-Za-z0-9_])(?<token>ATBB[A-Za-z0-9]{32})(?![A-Za-z0-9])/,
  keywords: ['atbb'],
  fixedPrefix: /^ATBB/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['irZBgWVOVEZj4vUneIAHi8b8GTwKjEZoBBTA', 'mFMrczqDf3JbS83AtrFYvbl9IXwNhNcbBBTA'],
    negative: ['XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXBBTA'],
  },
});
