// What `oryon fix` will share with its worktree in this repo: the installed environment
// found in the user's tree (node_modules, virtualenvs), read-only inside the sandbox.
import type { Config } from '../../config/schema.js';
import { describeEnv, findProjectEnv } from '../env/find.js';
import { fail, pass, type DoctorCheck } from './types.js';

export async function checkEnvironment(root: string | undefined, config: Config): Promise<DoctorCheck[]> {
  if (!root) return [];
  try {
    const env = await findProjectEnv(root, config.env);
    const skipped = env.skipped.length ? `; not shared: ${env.skipped.map((s) => `${s.path} (${s.reason})`).join(', ')}` : '';
    return [pass('environment', `${describeEnv(env)}${skipped}`, false)];
  } catch (error) {
    return [fail('environment', `could not list the repo's ignored folders: ${(error as Error).message}`, 'check that git works in this repo', false)];
  }
}
