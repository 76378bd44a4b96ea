import { defineRule } from '../rule.js';

export default defineRule({
  id: 'nuget-api-key',
  description: 'NuGet API key',
  pattern: /(?<![a-z0-9])(?<token>oy2[a-z0-9]{43})(?![a-z0-9])/,
  keywords: ['oy2'],
  fixedPrefix: /^oy2/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['5c4h5glas1fptyswevjey3aihzg6wn7yt6f277wjtzd2yo', 'sj94dbclcy0iyog70er0gwoil8844gbe479y7h4ntyu2yo'],
    negative: ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2yo'],
  },
});
