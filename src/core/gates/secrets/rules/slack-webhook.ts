import { defineRule } from '../rule.js';

// Over http:// too, and the /workflows/ and /triggers/ forms.
export default defineRule({
  id: 'slack-webhook',
  description: 'Slack incoming webhook or workflow trigger URL',
  pattern: /(?<token>https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,200})/,
  keywords: ['hooks.slack.com'],
  fixedPrefix: /^https?:\/\/hooks\.slack\.com\/[a-z]+\//,
  entropy: 3.5,
  severity: 'high',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'g5Rb9aH5d7NiFr7ddeP0kEQ9/926199352771919803/2LMLIPAQ8ZA/8W6VVSFHQT/swolfkrow/moc.kcals.skooh//:sptth',
      '1d1872cc0664c83cb2cbe3ce11ff457d/9971144480098/O3MHFLSUST/sreggirt/moc.kcals.skooh//:sptth',
    ],
    negative: ['XXXXXXXXXXXXXXXXXXXXXXXX/00000000B/00000000T/secivres/moc.kcals.skooh//:sptth', '/secivres/moc.kcals.skooh//:sptth'],
  },
});
