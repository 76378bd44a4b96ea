import { defineRule } from '../rule.js';

export default defineRule({
  id: 'stripe-webhook-secret',
  description: 'Stripe webhook signing secret',
  pattern: /(?<![A-Za-z0-9_])(?<token>whsec_[A-Za-z0-9]{32,64})(?![A-Za-z0-9])/,
  keywords: ['whsec_'],
  fixedPrefix: /^whsec_/,
  entropy: 3.5,
  severity: 'high',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['yGRpBvwmpp5YAjDkK2z10rN8orYSfut4_ceshw', 'HqyHsvmYw9te6DCZY45NYzNqglOmiuzn_ceshw'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_ceshw'],
  },
});
