import { accessSync, constants } from 'node:fs';
import path from 'node:path';

// The one `which`: synchronous on purpose, since a few access() calls cost less than a
// process and the gate hook must not wait for anything it can avoid.

/** The first executable called `name` in `pathVariable` (PATH by default), like `which`. */
export function findOnPath(name: string, pathVariable: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}
