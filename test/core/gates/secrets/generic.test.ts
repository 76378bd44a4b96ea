import { describe, expect, it } from 'vitest';
import { isReference, isSecretLike } from '../../../../src/core/gates/secrets/generic.js';

// isReference is shared with the security gate's hard-coded credential check.

describe('isReference', () => {
  it.each([
    'https://vault.internal/v1/app',
    'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
    '~/.config/app/key.pem',
    'process.env.DB_PASSWORD',
    '${API_KEY}',
    'config.auth.secret',
    'v2.1.0',
  ])('%s names or fetches a secret', (value) => {
    expect(isReference(value)).toBe(true);
  });

  it.each(['hunter22', '!QAZ2wsx9', '$ecretPa55', 'k9-Zq81mPlw'])('%s may be a chosen password', (value) => {
    expect(isReference(value)).toBe(false);
  });

  it('still keeps sigil-led values out of the generic secrets rule', () => {
    expect(isSecretLike('$Zq81mPlwX7rT2')).toBe(false);
  });
});
