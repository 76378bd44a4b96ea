import { notAvailable } from '../not-available.js';

export async function runsListCommand(): Promise<number> {
  return notAvailable('runs');
}

export async function runsShowCommand(): Promise<number> {
  return notAvailable('runs');
}

export async function runsExportCommand(): Promise<number> {
  return notAvailable('runs');
}
