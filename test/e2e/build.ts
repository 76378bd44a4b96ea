import { execFileSync } from 'node:child_process';
import { repoRoot } from '../helpers/cli.js';

/** Build dist/ once per test file (tsc emits even when other files have type errors). */
export function build(): void {
  try {
    execFileSync(process.execPath, [`${repoRoot}/node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere do not stop emit; a missing dist/ fails the tests clearly.
  }
  // As `npm run build` does: the secrets rules as one module (scripts/bundle-secret-rules.mjs).
  execFileSync(process.execPath, [`${repoRoot}/scripts/bundle-secret-rules.mjs`], { cwd: repoRoot, stdio: 'pipe' });
}
