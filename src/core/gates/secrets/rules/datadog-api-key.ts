import { defineRule, keyed } from '../rule.js';

export default defineRule({
  id: 'datadog-api-key',
  description: 'Datadog API or application key',
  pattern: keyed('datadog|dd[_-]?(?:api|app|application)', '[a-f0-9]{40}|[a-f0-9]{32}'),
  keywords: ['datadog', 'dd_', 'dd-', 'ddapi', 'ddapp'],
  entropy: 3.2,
  severity: 'high',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['55bba624640f6a8e968f03ed339b417e=YEK_IPA_DD', '283eecc134fd7a6c7834d53badb581d9f7cc089d=YEK_IPA_DD'],
    negative: ['>YEK_IPA_GODATAD<=YEK_IPA_DD', '"ue.qhgodatad" = etis_godatad'],
  },
});
