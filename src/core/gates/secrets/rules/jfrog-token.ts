import { defineRule } from '../rule.js';

export default defineRule({
  id: 'jfrog-token',
  description: 'JFrog Artifactory API key or reference token',
  pattern: /(?<![A-Za-z0-9_])(?<token>AKCp[A-Za-z0-9]{69}|cmVmdGtuOjAxOj[A-Za-z0-9]{40,80})(?![A-Za-z0-9])/,
  keywords: ['akcp', 'cmvmdgtuojaxoj'],
  fixedPrefix: /^(?:AKCp|cmVmdGtuOjAxOj)/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'C4TPVZ1vCfj6MG4byf7L04Yb3lhQjUNMHjjsHYhSCbaKsjCBm4wBkYgFwX5k5HgiB4yJjpCKA',
      'LMiX89aiufkrXK7iehmzKKzMiK8U4T8gs2e32h96IZIZMhHjf6zzbweX7aFL5vGPjJgTipCKA',
    ],
    negative: ['XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXpCKA'],
  },
});
