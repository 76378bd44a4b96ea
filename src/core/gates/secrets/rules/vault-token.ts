import { defineRule } from '../rule.js';

export default defineRule({
  id: 'vault-token',
  description: 'HashiCorp Vault service, batch or recovery token',
  pattern: /(?<![A-Za-z0-9_])(?<token>hv[sbr]\.[A-Za-z0-9_-]{90,500})(?![\w-])/,
  keywords: ['hvs.', 'hvb.', 'hvr.'],
  fixedPrefix: /^hv[sbr]\./,
  entropy: 4.0,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'h8mA-67gkzFcIpdYoexB7YZepUiOT2EdmvwYiOoLJwUBPTRCtS99N7ieuzsDwOJhPgvThb5BgXGQFjDeZgobI6TKHyVmVm_SxNySAbtYqUNAgpM93nXsRpH4kUTSWVk8WiU5tRe2TX.bvh',
      'dVB5GFoUMjcUPL7oWlQcas4kKGdzEk2ouJrv-k7gKqnTHVuPtOnqylX6HTy_5PAWCpAaOCqj1YigD1LNChplo7Wesso.svh',
    ],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.svh'],
  },
});
