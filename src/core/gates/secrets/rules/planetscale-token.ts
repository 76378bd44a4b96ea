import { defineRule } from '../rule.js';

export default defineRule({
  id: 'planetscale-token',
  description: 'PlanetScale service token, password or OAuth token',
  pattern: /(?<![A-Za-z0-9_])(?<token>pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{32,64})(?![\w=.-])/,
  keywords: ['pscale_'],
  fixedPrefix: /^pscale_[a-z]+_/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['3barPoq8aOvCbPLxY7qrdtuQ53NaM3b43D-xu6oLo23_nkt_elacsp', 'jWEc5IR3-JB189IDngIqvqc-2lOvQNzFuKzr_9OfW60_wp_elacsp'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_wp_elacsp'],
  },
});
