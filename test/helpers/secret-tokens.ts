import { crc32Base62 } from '../../src/core/gates/secrets/checksum.js';

/**
 * A GitHub-shaped token with a valid CRC32 tail, built at run time so no test file holds
 * a token-shaped literal. `random` is the 30-character random part.
 */
export function githubToken(random = 'q7Vx2LmP9sKd4Rt8WzYb3Nc6Hf1Jg5', prefix = 'ghp'): string {
  return `${prefix}_${random}${crc32Base62(random)}`;
}
