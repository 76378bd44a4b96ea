import { notAvailable } from '../not-available.js';

export async function applyCommand(): Promise<number> {
  return notAvailable('apply');
}
