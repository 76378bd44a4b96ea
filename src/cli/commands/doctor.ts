import { notAvailable } from '../not-available.js';

export async function doctorCommand(): Promise<number> {
  return notAvailable('doctor');
}
