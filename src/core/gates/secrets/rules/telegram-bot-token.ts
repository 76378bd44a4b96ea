import { defineRule } from '../rule.js';

export default defineRule({
  id: 'telegram-bot-token',
  description: 'Telegram bot token',
  pattern: /(?<![\w:])(?<token>\d{8,10}:AA[A-Za-z0-9_-]{33})(?![\w-])/,
  keywords: [':aa'],
  fixedPrefix: /^\d+:AA/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['b42a2DoJ2ercUp49XrhHjVBtvKgKCjBocAA:0203829724', 'kDpeHwlMhEKJs-bU5CZPz_-w2ZctLkSV1AA:8564493636'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAA:987654321', 'xxxxxxxxxxx-ereh-nekot-tob-ruoy-AA:345102011'],
  },
});
