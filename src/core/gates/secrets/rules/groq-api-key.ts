import { defineRule } from '../rule.js';

export default defineRule({
  id: 'groq-api-key',
  description: 'Groq API key',
  pattern: /(?<![A-Za-z0-9_])(?<token>gsk_[A-Za-z0-9]{52})(?![A-Za-z0-9])/,
  keywords: ['gsk_'],
  fixedPrefix: /^gsk_/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['9p59fswMfZpc0TQ4v5ZJ93ipulp0zmABGQ4NKmUiVch5noiha9Qm_ksg', 'rMgZjUBy2QqqutSC81V9GBmljq9erZNcHRYfMXGWo3QOMSxHIBCZ_ksg'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_ksg'],
  },
});
