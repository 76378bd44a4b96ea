import { defineRule } from '../rule.js';

export default defineRule({
  id: 'dockerhub-token',
  description: 'Docker Hub personal or organisation access token',
  pattern: /(?<![A-Za-z0-9_])(?<token>dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,40})(?![\w-])/,
  keywords: ['dckr_pat_', 'dckr_oat_'],
  fixedPrefix: /^dckr_(?:pat|oat)_/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['ENGQsGmfvBgT9EGr04yfwqxRcFZ_tao_rkcd', 'bBS12lrFlNYkZaZxu1ZRT9_1cPT_tap_rkcd'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxx_tap_rkcd'],
  },
});
