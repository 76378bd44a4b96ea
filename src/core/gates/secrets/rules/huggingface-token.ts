import { defineRule } from '../rule.js';

// hf_ + 34 letters; placeholders are judged by shape (a run of one letter, the alphabet), not by being all letters.
export default defineRule({
  id: 'huggingface-token',
  description: 'Hugging Face user access token',
  pattern: /(?<![A-Za-z0-9_])(?<token>hf_[A-Za-z]{34})(?![A-Za-z0-9])/,
  keywords: ['hf_'],
  fixedPrefix: /^hf_/,
  entropy: 3.8,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: ['yFAdLOsUXYjfGUDtxuRwBZKrmpRpXGvUhd_fh', 'ORzmPaAFngsVtjAGDyqnJHCAZyvZwihctG_fh'],
    negative: ['xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_fh', 'hgfedcbazyxwvutsrqponmlkjihgfedcba_fh', 'ehcac_yrotisoper_morf_daolnwod_buh_fh'],
  },
});
