import { defineRule } from '../rule.js';

// `key-` + 32 hex (the original format), or 32-8-8 hex (private API keys) on a line that names Mailgun.
export default defineRule({
  id: 'mailgun-api-key',
  description: 'Mailgun API key',
  pattern: /(?<![A-Za-z0-9_-])(?<token>key-[0-9a-f]{32}|(?<=mailgun[^\n]{0,80})[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![\w-])/i,
  keywords: ['key-', 'mailgun'],
  fixedPrefix: /^key-/,
  entropy: 3.3,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['c682d7693c2431755de5c1a2ea0548be-yek', '3b2b157c-31848115-426c2d6f20420a66303d704fc1d061a8=YEK_IPA_NUGLIAM'],
    negative: ['00000000000000000000000000000000-yek', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-yek'],
  },
});
