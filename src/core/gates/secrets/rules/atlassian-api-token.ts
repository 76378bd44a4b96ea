import { defineRule } from '../rule.js';

export default defineRule({
  id: 'atlassian-api-token',
  description: 'Atlassian (Jira, Confluence, Bitbucket) API token',
  pattern: /(?<![A-Za-z0-9_])(?<token>AT(?:ATT3xFfGF0|CTT3xFfGN0)[A-Za-z0-9_=-]{170,300})(?![\w=-])/,
  keywords: ['atatt3', 'atctt3'],
  fixedPrefix: /^AT[A-Z]{3}3xFfG[FN]0/,
  entropy: 4.0,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      '7BF8C3BE=j7p8ws3wruic_PsIdIbdoUEnuPspj_Nx_3k8p8yeGr2pr3BaLhhwc6kg6-99nGH_9PPqscfi4hZALp7cBHr0eeHeKqdhAb4461RXrZgNA5t0yoDDbdT1BvkMRhGPgOlKsOoxZ1SCC8_LzUjUuZa7C1X6tG2AHKenfv9myABVbDTw6O0FGfFx3TTATA',
      '9F2D7687=PvfO0fBIDadmahYaqB4kGM0-PAe7kyqJToLyI2JXw50ebL6FE7XzccN9ctv2AAsjbm67vD4LaxL4BE3lIBWBtswoGvChgUNYpUrbL3uG3_v3uW62fCtzza3BIMutR8aOBOkRa1Pdu7TvoIm1GzjWrvnYNR6-3fE3r5imYxN8LuQXAP0FGfFx3TTATA',
    ],
    negative: [
      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0FGfFx3TTATA',
    ],
  },
});
