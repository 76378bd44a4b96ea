import { defineRule } from '../rule.js';

export default defineRule({
  id: 'heroku-api-key',
  description: 'Heroku API key',
  pattern: /(?<![A-Za-z0-9_])(?<token>HRKU-AA[0-9A-Za-z_-]{58})(?![\w-])/,
  keywords: ['hrku-'],
  fixedPrefix: /^HRKU-AA/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['4YzPUwnqMlxZgwS8KtsrYkH_CnDhW_4TU-TU5HgcO-GOwxafmpnH3eF0t8AA-UKRH', '9F-2MQGOry7wtBTpBD0JwmnbaVjaLuRDO6zIqA2X5qJ8hkGTzMzeFHrqmZAA-UKRH'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxAA-UKRH'],
  },
});
