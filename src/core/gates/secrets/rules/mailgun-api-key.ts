import { defineRule } from '../rule.js';

export default defineRule({
  id: 'mailgun-api-key',
  description: 'Mailgun API key',
  pattern: /(?<![A-Za-z0-9_-])(?<token>key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![\w-])/,
  keywords: ['key-', '-'],
  fixedPrefix: /^key-/,
  entropy: 3.3,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['8e67fca1-273382ae-9243aa01da924f257958f39518078f6e', 'f69469a5-a7a2832a-3893af48773de0e04c7a8860e42a7166'],
    negative: ['00000000000000000000000000000000-yek', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-yek'],
  },
});
