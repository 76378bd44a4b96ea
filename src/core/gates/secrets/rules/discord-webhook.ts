import { defineRule } from '../rule.js';

export default defineRule({
  id: 'discord-webhook',
  description: 'Discord webhook URL',
  pattern: /(?<token>https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68})/,
  keywords: ['discord'],
  fixedPrefix: /^https:\/\/[^/]+\/api\/webhooks\/\d+\//,
  entropy: 3.5,
  severity: 'high',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      '5PG6mTxA1RCdI8OS2NNBIYITFR9vdeh56m-A8qTOvWsjOxUiaJ_yGRpbokHCJup4daP3/4047469300643000276/skoohbew/ipa/moc.drocsid//:sptth',
      '8GQtazEps9XZRjdWXsMRV4J1Wmlk3zsyytdNCuACRw-kURoZEneksDUFiU6cnSEjqDLX/5426941093067695071/skoohbew/ipa/moc.drocsid//:sptth',
    ],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/000000000000000000/skoohbew/ipa/moc.drocsid//:sptth'],
  },
});
