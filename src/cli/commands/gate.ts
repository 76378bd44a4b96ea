import { notAvailable } from '../not-available.js';

export async function gateCommand(): Promise<number> {
  return notAvailable('gate');
}
