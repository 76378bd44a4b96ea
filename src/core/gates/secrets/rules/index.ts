import type { SecretRule } from '../rule.js';
import * as all from './all.js';

/** Every rule, in registry order (all.ts). */
export const RULES: readonly SecretRule[] = Object.values(all);
