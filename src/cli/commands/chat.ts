import { notAvailable } from '../not-available.js';

export async function chatCommand(): Promise<number> {
  return notAvailable('chat');
}
