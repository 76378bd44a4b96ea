import { notAvailable } from '../not-available.js';

export async function memoryIndexCommand(): Promise<number> {
  return notAvailable('memory');
}
export async function memorySearchCommand(): Promise<number> {
  return notAvailable('memory');
}
export async function memoryStatsCommand(): Promise<number> {
  return notAvailable('memory');
}
export async function memoryForgetCommand(): Promise<number> {
  return notAvailable('memory');
}
export async function memoryExportCommand(): Promise<number> {
  return notAvailable('memory');
}
