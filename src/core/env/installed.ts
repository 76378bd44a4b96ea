import { existsSync } from 'node:fs';
import path from 'node:path';

// A package.json change whose every listed dependency already resolves from the user's
// installed node_modules (as Node would look it up: the package's folder, then each
// parent up to the repo root) leaves the shared environment valid: nothing to install.

const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

export function nodeDependenciesInstalled(root: string, manifest: string, after: string): boolean {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(after) as Record<string, unknown>;
  } catch {
    return false;
  }
  const names = new Set<string>();
  for (const section of SECTIONS) {
    const deps = parsed[section];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
  }
  const packageDir = path.dirname(path.join(root, manifest));
  return [...names].every((name) => resolves(root, packageDir, name));
}

function resolves(root: string, from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'node_modules', name, 'package.json'))) return true;
    if (dir === root) return false;
    const parent = path.dirname(dir);
    if (parent === dir || !parent.startsWith(root)) return false;
    dir = parent;
  }
}
