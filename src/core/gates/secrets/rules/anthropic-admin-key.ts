import { defineRule } from '../rule.js';

export default defineRule({
  id: 'anthropic-admin-key',
  description: 'Anthropic admin key',
  pattern: /(?<![\w-])(?<token>sk-ant-admin01-[A-Za-z0-9_-]{93}AA)(?![\w-])/,
  keywords: ['sk-ant-admin01-'],
  fixedPrefix: /^sk-ant-admin01-/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'AAnwf2JeOPtxwv0LPCR6UEjCpfjMyIWupnnr_7t1Vuq_oSoci306skChn2_wS-A9LH80aaE_16EKbti-Y3HXOF6PKbjCEP3-10nimda-tna-ks',
      'AAp_-PiadpF6cDYcrI0PrP_Zw8vRab0cAXCpXsu6dGohPUFe-sMDO4W9bxYqR3echh93XgCoClE6zSJsDmkGgLqXiX3hWCT-10nimda-tna-ks',
    ],
    negative: ['AAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX-10nimda-tna-ks'],
  },
});
