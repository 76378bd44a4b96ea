import { defineRule } from '../rule.js';

// Every OpenAI key carries the infix T3BlbkFJ (base64 of "OpenAI").
export default defineRule({
  id: 'openai-api-key',
  description: 'OpenAI API key (project, service account, admin, legacy)',
  pattern: /(?<![\w-])(?<token>sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74})(?![\w-])/,
  keywords: ['t3blbkfj'],
  fixedPrefix: /^sk-(?:(?:proj|svcacct|admin)-)?/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['pCLQjmYi8LZX2KQehiUbJFkblB3Tvq5SrGI6QmlNE0GRATlI-ks', 'h9nGaBZBV3L9RokjITI0JFkblB3TngREuZjWkfpyY0ADacMh-ks'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxJFkblB3Txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-jorp-ks', '4321-ks'],
  },
});
