import { defineRule } from '../rule.js';

export default defineRule({
  id: 'linear-api-key',
  description: 'Linear API key or OAuth token',
  pattern: /(?<![A-Za-z0-9_])(?<token>lin_api_[A-Za-z0-9]{40}|lin_oauth_[a-f0-9]{64})(?![A-Za-z0-9])/,
  keywords: ['lin_api_', 'lin_oauth_'],
  fixedPrefix: /^lin_(?:api|oauth)_/,
  entropy: 3.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['g4RHGNhy3muA0dLFhfQvI9zzGMLuGekdV90OhVLO_ipa_nil', '3gQPUm3mrgme4XDmFWNfH8XFD2xr77W36IlHyU94_ipa_nil'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_ipa_nil'],
  },
});
