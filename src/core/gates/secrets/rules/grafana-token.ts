import { defineRule } from '../rule.js';

export default defineRule({
  id: 'grafana-token',
  description: 'Grafana Cloud or service account token',
  pattern: /(?<![A-Za-z0-9_])(?<token>glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![\w+/=])/,
  keywords: ['glc_', 'glsa_'],
  fixedPrefix: /^gl(?:c|sa)_/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['9c2712d1_P2usJXZKrRU1hou5n5zCp7KtHLmz1rBV_aslg', '69347486_Otl56FdH2sEgJAO6NDkQjafZIOMuh7Qz_aslg'],
    negative: ['00000000_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_aslg', 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX_clg'],
  },
});
