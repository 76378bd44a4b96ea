import { defineRule } from '../rule.js';

export default defineRule({
  id: 'gitlab-token',
  description: 'GitLab deploy, runner, CI job, trigger, feed, mail, agent or OAuth token',
  pattern:
    /(?<![A-Za-z0-9_])(?<token>(?:gldt|glrt|glcbt|glptt|glft|glimt|glagent|gloas|glsoat|glffct)-[A-Za-z0-9_-]{20,64}|GR1348941[A-Za-z0-9_-]{20})(?![\w-])/,
  keywords: ['gldt-', 'glrt-', 'glcbt-', 'glptt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-', 'glffct-', 'gr1348941'],
  fixedPrefix: /^(?:gl[a-z]+-|GR1348941)/,
  entropy: 3.3,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['vtPbywWmwC9rWAZlDZaplR1cFW-tnegalg', 'CyGlHml0QGKJMlxaqOD3KJF462WB8LmWlL90s88MUi772vaQ-tdlg'],
    negative: ['xxxxxxxxxxxxxxxxxxxx-trlg', '000000000000000000001498431RG'],
  },
});
