import { defineRule } from '../rule.js';

export default defineRule({
  id: 'alibaba-access-key-id',
  description: 'Alibaba Cloud AccessKey id',
  pattern: /(?<![A-Za-z0-9_])(?<token>LTAI[A-Za-z0-9]{12,20})(?![A-Za-z0-9])/,
  keywords: ['ltai'],
  fixedPrefix: /^LTAI/,
  entropy: 3.3,
  severity: 'high',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['Og6tv8EHuU8RzsLSpuktIATL', 'C47ZrB9ZhdfgDW9pAI8sIATL'],
    negative: ['xxxxxxxxxxxxxxxxxxxxIATL', '0000000000000000IATL'],
  },
});
