import { notAvailable } from '../not-available.js';

export async function benchCommand(): Promise<number> {
  return notAvailable('bench');
}
