import { notAvailable } from '../not-available.js';

export async function hookInstallCommand(): Promise<number> {
  return notAvailable('hook');
}

export async function hookUninstallCommand(): Promise<number> {
  return notAvailable('hook');
}
