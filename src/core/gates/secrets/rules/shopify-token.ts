import { defineRule } from '../rule.js';

export default defineRule({
  id: 'shopify-token',
  description: 'Shopify access token, shared secret, custom or private app token',
  pattern: /(?<![A-Za-z0-9_])(?<token>shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32})(?![A-Za-z0-9])/,
  keywords: ['shpat_', 'shpss_', 'shpca_', 'shppa_'],
  fixedPrefix: /^shp(?:at|ss|ca|pa)_/,
  entropy: 3.0,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['a402917e81b554d11bb827ffbd7dfd73_acphs', '11458e9b6522ed823e4c2a8d5117da3a_taphs'],
    negative: ['00000000000000000000000000000000_taphs', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_ssphs'],
  },
});
