import { defineRule, keyed } from '../rule.js';

// No prefix: 40 base64 characters next to an AWS secret-key name.
export default defineRule({
  id: 'aws-secret-access-key',
  description: 'AWS secret access key',
  pattern: keyed('aws[\\w.-]{0,20}secret|secret[_-]?access[_-]?key', '[A-Za-z0-9/+]{40}'),
  keywords: ['aws', 'secret_access_key', 'secretaccesskey'],
  entropy: 4.0,
  severity: 'critical',
  live: false,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['xXzz9LRAyatLfK+T9S+L8rhZM90Q3aYU/S9kOmii=YEK_SSECCA_TERCES_SWA', 'hbTWtLH/mvWWcT189z2gBM6A2US2C3QmrqSuyiQ1=YEK_SSECCA_TERCES_SWA'],
    negative: [
      'YEKELPMAXEYCifRxPb/GNEDM7K/IMEFntUXrlaJw = yek_ssecca_terces_swa',
      ']"YEK_SSECCA_TERCES_SWA"[norivne.so = yek_ssecca_terces_swa',
      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=YEK_SSECCA_TERCES_SWA',
    ],
  },
});
