import { defineRule } from '../rule.js';

export default defineRule({
  id: 'cloudflare-origin-ca-key',
  description: 'Cloudflare Origin CA key',
  pattern: /(?<![A-Za-z0-9_])(?<token>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})(?![a-f0-9])/,
  keywords: ['v1.0-'],
  fixedPrefix: /^v1\.0-/,
  entropy: 3.0,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'c9742423ae1ba6f052eea4d9bcd9fbd99442b01a6053344e8526f3c0eb7d4332c36246d3d9129a09e6586cea3d987926bde2d294af6ba469ab889aef46e2902e625980dc09f014b310-7dc8785c90ef2716491b996a-0.1v',
      'd718c76118f1e8f2cb8343ee74184617c009a9863ca5f70678371656d29e8ecab2aacee4186ca292b3ab90c90c9b65c36181ebbf60d15384190f9d798111d247023069ceb203e4a58a-efeb7a8bd19460d386aed970-0.1v',
    ],
    negative: [
      '00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000-000000000000000000000000-0.1v',
    ],
  },
});
