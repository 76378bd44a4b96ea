import { defineRule } from '../rule.js';

export default defineRule({
  id: 'perplexity-api-key',
  description: 'Perplexity API key',
  pattern: /(?<![A-Za-z0-9_])(?<token>pplx-[A-Za-z0-9]{48})(?![A-Za-z0-9])/,
  keywords: ['pplx-'],
  fixedPrefix: /^pplx-/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['nTPAYNiIvRfgc9YrpVgGsuC5ZGjRwpZTSWd5J26SLdnjm299-xlpp', 'Pmyr3dJfGvlxSnwKFvJrAbYTp4XmyESTNnwTlveAcQPifxfS-xlpp'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-xlpp'],
  },
});
