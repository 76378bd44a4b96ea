import { notAvailable } from '../not-available.js';

export async function sandboxCommand(): Promise<number> {
  return notAvailable('sandbox');
}
