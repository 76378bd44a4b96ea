import { defineRule } from '../rule.js';

export default defineRule({
  id: 'terraform-cloud-token',
  description: 'Terraform Cloud / Enterprise API token',
  pattern: /(?<![A-Za-z0-9])(?<token>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?![\w=-])/,
  keywords: ['.atlasv1.'],
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'PqqibSv1SVOxcxMaUsbahqSs39Targqu2hxG6DO5oD6Drk7y7VqfcmOdhe1RAtWg88R.1vsalta.3qJcxcBpMpOqg4',
      '5v6ewfOS6GvoeIwgn8fwBOuzH6HBFLytl6peQzzkz2bZDUWJeoMQJgUeM7tATjP7AFZ.1vsalta.xLmXEgMGfniMte',
    ],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.1vsalta.xxxxxxxxxxxxxx'],
  },
});
