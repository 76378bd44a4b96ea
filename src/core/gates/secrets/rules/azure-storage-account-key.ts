import { defineRule } from '../rule.js';

// In a connection string: `AccountKey=` + 88 base64 characters.
export default defineRule({
  id: 'azure-storage-account-key',
  description: 'Azure storage account key',
  pattern: /AccountKey=(?<token>[A-Za-z0-9+/]{86}==)/,
  keywords: ['accountkey='],
  entropy: 4.5,
  severity: 'critical',
  live: true,
  // Reversed at rest (samples.ts).
  samples: {
    positive: [
      '==OrQiHUgFL0H76p/awG3xRrcz0aRPxQABVULDaroo1PIa00cicmKSpm8N+pfxYCoEWkXtuot2hr2IcKfym2Zs9t=yeKtnuoccA',
      '==uwL3f9LFAnOe2n7/aUuC8Sx2f/sx8qeub5wWjusTGe78RYW1amFoGXiP2JrwO5CFfohQI1dIKlyrS6miqmODGD=yeKtnuoccA',
    ],
    negative: ['==xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=yeKtnuoccA', '}YEK_EGAROTS{$=yeKtnuoccA'],
  },
});
