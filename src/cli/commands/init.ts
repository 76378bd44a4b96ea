import { notAvailable } from '../not-available.js';

export async function initCommand(): Promise<number> {
  return notAvailable('init');
}
