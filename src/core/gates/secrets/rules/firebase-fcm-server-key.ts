import { defineRule } from '../rule.js';

export default defineRule({
  id: 'firebase-fcm-server-key',
  description: 'Firebase Cloud Messaging legacy server key',
  pattern: /(?<![\w-])(?<token>AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134})(?![\w-])/,
  keywords: [':apa91b'],
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'BfMIuQH6inKl2x5ryt42Oprb11psZfIbD0pz-_5nR6h2s27oV850AUBwKIrCmcIIP1xsQn-IAZmFIWHSC9DtCG6vLIgYw-iBl55gt_kjNHiZGpwfIrKr4kic2Z7f6p2hJyKYDVb19APA:I7zXN8AAAAA',
      '-bI29XwP0t1DPGWPfoTcyotIozysECs9iwuAI5YfnGSggPdPPDYRvwLor15ZKfHdrqUEMkQENMek2jO2siJ7tT-WxonjUdfqYMecihwvM1EkjC2oDV5KUGL1E97ZXqlSHxNhZgb19APA:oVpqj0rAAAA',
    ],
    negative: [
      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxb19APA:xxxxxxxAAAA',
    ],
  },
});
