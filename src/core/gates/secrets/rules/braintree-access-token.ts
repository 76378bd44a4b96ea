import { defineRule } from '../rule.js';

export default defineRule({
  id: 'braintree-access-token',
  description: 'PayPal Braintree access token',
  pattern: /(?<token>access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})(?![a-f0-9])/,
  keywords: ['access_token$'],
  fixedPrefix: /^access_token\$(?:production|sandbox)\$/,
  entropy: 3.3,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      '4c602d992bdc568e370295bcdcb24815$hdtjeayo1tbo07s4$noitcudorp$nekot_ssecca',
      'ea95d5ed0247630a82b197577cce9512$5xuoq6d1fb0cbcv6$noitcudorp$nekot_ssecca',
    ],
    negative: ['00000000000000000000000000000000$xxxxxxxxxxxxxxxx$noitcudorp$nekot_ssecca'],
  },
});
