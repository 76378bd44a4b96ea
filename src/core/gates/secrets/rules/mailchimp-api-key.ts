import { defineRule } from '../rule.js';

export default defineRule({
  id: 'mailchimp-api-key',
  description: 'Mailchimp API key',
  pattern: /(?<![A-Za-z0-9])(?<token>[0-9a-f]{32}-us\d{1,2})(?![A-Za-z0-9])/,
  keywords: ['-us'],
  entropy: 3.3,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['5su-de9ecdf53d75eefc042f1a747ab4dbda', '8su-0aae4ab5e23ef789a6787bbd56712713'],
    negative: ['1su-00000000000000000000000000000000', '6su-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
});
