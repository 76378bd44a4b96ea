import { notAvailable } from '../not-available.js';

export async function fixCommand(): Promise<number> {
  return notAvailable('fix');
}
