import { defineRule } from '../rule.js';
import { decodeJsonSegment } from '../checksum.js';

// Header must decode to JSON with an "alg". The JWT standard's and jwt.io's sample tokens are public (placeholder.ts).
export default defineRule({
  id: 'jwt',
  description: 'JSON Web Token',
  pattern: /(?<![\w-])(?<token>eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{10,4000}\.[A-Za-z0-9_-]{16,1000})(?![\w-])/,
  keywords: ['eyj'],
  severity: 'high',
  live: false,
  priority: 1,
  verify: (token) => decodeJsonSegment(token.split('.')[0]!)?.alg !== undefined,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      'Bv0woVWguoSqzg9AS_0_uS0_NDGrhuDShldYjRQW-0S.QfzQTN0cjM0kDOxAiOiAHelJCIsISZjlmdyV2ciAiOiUGbvJnIgwiI4QjMzUjNiAiOiIWdzJye.9JCVXpkIgojIwlHdiACLiYTNyMFSiAiOicGbhJye',
      'PJMjF5VfTsNDKB8GLg35SHS5lhIH7YSnOXXryzqiGGU.Qf1kDOyYDNzkDOxAiOiAHelJCIsISZjlmdyV2ciAiOiUGbvJnIgwiI4kjN5gjMiAiOiIWdzJye.9JCVXpkIgojIwlHdiACLiYTNyMFSiAiOicGbhJye',
    ],
    negative: [
      'c5wssQda_VJy6kOP63fJeMpwf4TQ2FKKeMSJRwxKlfS.QfyIDM5MjM2ETNxojI0FWaiwiIl9GRg4GavpkI6ISZtFmbiwiIwkDO3YTN0MjMxIiOiIWdzJye.9JCVXpkI6ICc5RnIsIiN1IzUIJiOicGbhJye',
      'xxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxJye.xxxxxxxxxxxxJye',
    ],
  },
});
