import { defineRule } from '../rule.js';

export default defineRule({
  id: 'anthropic-api-key',
  description: 'Anthropic API key',
  pattern: /(?<![\w-])(?<token>sk-ant-api03-[A-Za-z0-9_-]{93}AA)(?![\w-])/,
  keywords: ['sk-ant-api03-'],
  fixedPrefix: /^sk-ant-api03-/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'AAhanNgUhHbFD9vsiI2C-bcjMv2qzuMQsvImNnL-A5m64SwudkszQ4y2Hne9MWswXoIQVTrgPGCmcN2ytFlnGfcRucqNSAF-30ipa-tna-ks',
      'AAZkdnOzEqcqybZgU-IdqaaUhWr7Vu6y28qu-7qzxOlnHX0EIECJe5UBOoFgbXQZTmlEw5v9mMwCPe1euNgr0CqTGXBQ4fK-30ipa-tna-ks',
    ],
    negative: ['AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-30ipa-tna-ks', '...-30ipa-tna-ks'],
  },
});
