import { realpathSync } from 'node:fs';
import path from 'node:path';
import { BadInputError } from '../errors.js';

/** The real path of the deepest existing ancestor, joined with the rest (for paths not made yet). */
function realOrSelf(target: string): string {
  const missing: string[] = [];
  let current = path.resolve(target);
  for (;;) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(target);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(realOrSelf(parent), realOrSelf(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** State (database, worktrees) must live outside the user's tree, where test runners and linters would find it. */
export function assertStateOutsideRepo(home: string, repoRoot: string): void {
  if (isInside(home, repoRoot)) {
    throw new BadInputError(`ORYON_HOME (${home}) is inside the repository; oryon keeps its state and worktrees outside your tree`, {
      hint: 'set ORYON_HOME to a directory outside the repository, or unset it',
    });
  }
}
