import { defineRule } from '../rule.js';

// Three segments; the first is the bot's numeric user id in base64, which the rule decodes.
export default defineRule({
  id: 'discord-bot-token',
  description: 'Discord bot token',
  pattern: /(?<![\w-])(?<token>[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![\w-])/,
  keywords: ['.'],
  entropy: 3.5,
  severity: 'critical',
  live: true,
  verify: (token) => /^\d{17,20}$/.test(Buffer.from(token.split('.')[0]!, 'base64').toString('latin1')),
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'xjhxXEtPuLqJOtKyrTruWZYedJnJAFv__uabzQ.NEJfvG.zYTOxQzN4gTM2kjN5ETNyQDN',
      '8fMhPgycrzgPBGepBOIH02IwNBTVEocmNGeuKm.Af7b0A.2QDO5QDO4QzMyUzMzYjM5MzM',
    ],
    negative: ['sWKk7es4qC7b4ezRv7WVX1mjCnZ.QMF2lC.xxxxxxxxxxxxxxxxxxxxxxXM', 'xxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxx.xxxxxxxxxxxxxxxxxxxxxxxM'],
  },
});
