import { defineRule } from '../rule.js';

export default defineRule({
  id: 'square-token',
  description: 'Square access token or OAuth secret',
  pattern: /(?<![A-Za-z0-9_])(?<token>EAAA[A-Za-z0-9_-]{60}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43})(?![\w-])/,
  keywords: ['eaaa', 'sq0atp-', 'sq0csp-'],
  fixedPrefix: /^(?:EAAA|sq0(?:atp|csp)-)/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['uqzjNMYSJiwbumpfaH0-lTwsl4Bi-_ibD6Azx7zCDLl-psc0qs', 'gAtQxYb4wrhuwgJjmpx5-YKSkYn7ROZcQzYiBMj1w_bpqiP8azF363xrIlrVAAAE'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAAAE', 'XXXXXXXXXXXXXXXXXXXXXX-pta0qs'],
  },
});
