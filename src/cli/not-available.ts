import { BadInputError } from '../core/errors.js';

/** Commands that later issues build answer this (exit 2) until then. */
export function notAvailable(command: string): never {
  throw new BadInputError(`oryon ${command}: not available yet`);
}
