import { defineRule } from '../rule.js';

export default defineRule({
  id: 'onepassword-token',
  description: '1Password service account token or account secret key',
  pattern:
    /(?<![A-Za-z0-9_])(?<token>ops_eyJ[A-Za-z0-9+/=_-]{200,2000}|A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})(?![\w+/=-])/,
  keywords: ['ops_eyj', 'a3-'],
  fixedPrefix: /^(?:ops_|A3-)/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      '==QfiMTc0N2Z0ITOkdTcrBzc0p2YlhGduBDau1WaiAiOiQWa1VVZjlmdlRmIgwiI2cDRYNVTtMVSNhDM50yMBJCI6ISeltEdlJ3YlNnIgwSfiAXbiAiOiQWarJCIsICdj9mIgojI5R3aiACLdJCdwlncjVGZiACLiQHc5J3YuVmIbBiOiMHcv9VeltmIgwiIld2aKh2cYJjd5ZUVMhVLVBDZlpHbOZmVpNHVQV0XnxkdfdUYTB1dnh2daJCI6IyaiACLlVnc0BiOiQHelJCIsISTDdkN1ITQiAiOicGbhJyegojIrVXbiACLigjY5ATN1IGNwkzY3MzMmZ2Y3MWMkFmY0QGNxEWZ4YWN0kTYlBjYxMmNjJjYkBzNzMTYlJWOmFTYlRmM1czN3MjIgojIYBnczJCIsISbvNmLzRnb192YjFWZjlmdyV2ckJ3b3N3chBXMAJ3Z3VHciFGdrpGbiJCI6ICbpFWblJCIs0nI5x2dZBXYGZkdCJWYzBVWtI1XhZUcaJCI6ICdsF2ciACLwADMwUjNgojIz52bpRXYyVGdpJCIsIiN1IzUI1yZyMVRCBlIgojInxWYiACLiYTOwQTLnBlUTJCI6ICZvhGdl1mI7BiOigGd1FkclNXdiACLi02bj5CZy92dzNXYwFjL51mIgojIzNXZyRGZB5WSudWazJye_spo',
      'ZYOOQ-3HSIL-F3GQ0-SX62I-RDREJY-DGWOGB-3A',
    ],
    negative: ['XXXXX-XXXXX-XXXXX-XXXXX-XXXXXX-XXXXXX-3A'],
  },
});
