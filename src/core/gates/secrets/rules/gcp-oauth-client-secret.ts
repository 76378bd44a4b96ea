import { defineRule } from '../rule.js';

export default defineRule({
  id: 'gcp-oauth-client-secret',
  description: 'Google OAuth client secret',
  pattern: /(?<![A-Za-z0-9_])(?<token>GOCSPX-[A-Za-z0-9_-]{28})(?![\w-])/,
  keywords: ['gocspx-'],
  fixedPrefix: /^GOCSPX-/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['6DWI0YemVCbYBkl6HsH8jf-R1iV2-XPSCOG', 'sh-LIySIEbvhqwZRm3hp4Ya9_K6f-XPSCOG'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxx-XPSCOG', '>terces-tneilc<-XPSCOG'],
  },
});
