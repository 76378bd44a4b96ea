import { defineRule, keyed } from '../rule.js';

export default defineRule({
  id: 'alibaba-access-key-secret',
  description: 'Alibaba Cloud AccessKey secret',
  pattern: keyed('alibaba|aliyun|alicloud', '[A-Za-z0-9]{30}'),
  keywords: ['alibaba', 'aliyun', 'alicloud'],
  entropy: 3.5,
  severity: 'high',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['BvN9AI2QYWJxtYtEyjbEVxcuJmlSnE=TERCES_YEK_SSECCA_DUOLC_ABABILA', '3HyPTWa5UU0k56bfMW2OgJdRRAgEtY=TERCES_YEK_SSECCA_DUOLC_ABABILA'],
    negative: ['>terces-ruoy<=TERCES_YEK_SSECCA_DUOLC_ABABILA', '"uohzgnah-nc" = noiger_nuyila'],
  },
});
