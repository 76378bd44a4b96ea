import { defineRule } from '../rule.js';

export default defineRule({
  id: 'gitlab-pat',
  description: 'GitLab personal, project or group access token',
  pattern: /(?<![A-Za-z0-9_])(?<token>glpat-[A-Za-z0-9_-]{20,64}(?:\.[0-9a-z]{2}\.[0-9a-z]{9})?)(?![\w-])/,
  keywords: ['glpat-'],
  fixedPrefix: /^glpat-/,
  entropy: 3.3,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['DI_zihaGVBUt5H5quLMH-taplg', 'Hv3l2xm187VwfHI64B9g-taplg'],
    negative: ['XXXXXXXXXXXXXXXXXXXX-taplg', 'xxxxxxxxxxxxxxxxxxxx-taplg', '>nekot-ruoy<-taplg'],
  },
});
