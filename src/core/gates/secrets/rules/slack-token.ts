import { defineRule } from '../rule.js';

export default defineRule({
  id: 'slack-token',
  description: 'Slack bot, user, app, configuration or refresh token',
  pattern: /(?<![A-Za-z0-9_])(?<token>(?:xox[abposer]|xoxe\.xox[bp]|xapp)-\d[A-Za-z0-9-]{18,250})(?![\w-])/,
  keywords: ['xox', 'xapp-'],
  fixedPrefix: /^(?:xoxe\.)?x(?:ox[a-z]|app)-/,
  entropy: 3.3,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'Kfrfxflx7tObgaEA9Vzwzeah-6607825513938-198245242663-bxox',
      'b151bb5903c2643768ade4bc4f2207c496fb38713cd52000d6b94abf42185a00-5734870894204-HJPM08G6JWA-1-ppax',
    ],
    negative: [
      'krow-ton-lliw-siht-nekot-laer-a-ton-bxox',
      'xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxx-xxxxxxxxxxxx-bxox',
      '000000000000000000000000-0000000000000-0000000000-bxox',
    ],
  },
});
