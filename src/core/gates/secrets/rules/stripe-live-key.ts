import { defineRule } from '../rule.js';

export default defineRule({
  id: 'stripe-live-key',
  description: 'Stripe live secret or restricted key',
  pattern: /(?<![A-Za-z0-9_])(?<token>(?:sk|rk)_live_[A-Za-z0-9]{24,99})(?![A-Za-z0-9])/,
  keywords: ['sk_live_', 'rk_live_'],
  fixedPrefix: /^[sr]k_live_/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'cqyxYLTUVwt3N3zcp6UjwLyy_evil_ks',
      'bfgqby9Aljnr6QReeyxcm6lOG9kodKfOIEBj7MW02alnqKQ94g0V9LO0HYoRWvikpkIfbX3SbeYA0eWQlAc3ByolEpRdRkJ6Fm1_evil_ks',
    ],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxx_evil_ks', 'nmlkjihgfedcba0987654321_evil_ks'],
  },
});
