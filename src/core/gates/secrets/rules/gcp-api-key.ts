import { defineRule } from '../rule.js';

// AIza + 35 URL-safe characters.
export default defineRule({
  id: 'gcp-api-key',
  description: 'Google Cloud / Firebase API key',
  pattern: /(?<![\w-])(?<token>AIza[0-9A-Za-z_-]{35})(?![\w-])/,
  keywords: ['aiza'],
  fixedPrefix: /^AIza/,
  entropy: 3.5,
  severity: 'high',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['hpNL4RvUkbLjzgF3iB00yVsiLqtIvNmQdUJazIA', 'Cj5dQCoRfbjBIuyKCaYC6nzw_ucLUo7JcL7azIA'],
    negative: ['XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXazIA', '0000000000000-ereh-yek-ipa-ruoy-ySazIA', '321azIA'],
  },
});
