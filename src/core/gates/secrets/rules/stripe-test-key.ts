import { defineRule } from '../rule.js';

// Test-mode keys cannot move money: reported at medium (not blocking by default). Stripe's documented sample test keys are public.
export default defineRule({
  id: 'stripe-test-key',
  description: 'Stripe test-mode secret or restricted key',
  pattern: /(?<![A-Za-z0-9_])(?<token>(?:sk|rk)_test_[A-Za-z0-9]{24,99})(?![A-Za-z0-9])/,
  keywords: ['sk_test_', 'rk_test_'],
  fixedPrefix: /^[sr]k_test_/,
  entropy: 3.5,
  severity: 'medium',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'YgxJ9f8Yfp4CzFTssHIrnSUzhTMJUFCw6KHdyYaGA4PE2yDEtLyFhl9Z2FgdodreUHj2tmn2oRfyM5vs0IPJ7AUBsaUIamoh4fC_tset_ks',
      '0z9eTVjIm5ZtrCyW6Pc0vLj3XH3aMWYlaoHROnswb198OMZa1eqbQkAftERhxISE9ARW0HtH7qWNyCxTmM7bmvXyiWOh5MuxVAz_tset_kr',
    ],
    negative: ['cd7pdz1TtjraDWjyLqH93Ce4_tset_ks', 'xxxxxxxxxxxxxxxxxxxxxxxx_tset_ks'],
  },
});
