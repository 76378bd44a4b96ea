// picomatch, the one glob matcher of the codebase. Loaded with require, on first use: it is
// CommonJS (an ES import first runs Node's export scanner over it) and ~6 ms to load, which
// a pre-commit gate whose policy globs come compiled from the settings cache never pays.
import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';

let loaded: typeof Picomatch | undefined;
const load = (): typeof Picomatch => (loaded ??= createRequire(import.meta.url)('picomatch') as typeof Picomatch);

/** picomatch(glob, options): a matcher function. */
export function picomatch(glob: Picomatch.Glob, options?: Picomatch.PicomatchOptions): Picomatch.Matcher {
  return load()(glob, options);
}

/** A compiled glob, as data: what the settings cache keeps (RegExp source and flags). */
export type CompiledGlob = readonly [source: string, flags: string];

// Policy globs (paths, command patterns), compiled once per process with `dot: true` and
// tested as bare regular expressions: picomatch's matcher re-formats every subject first.
// Compiling the default policy's globs was ~12 ms of every gate, so the settings cache
// stores them compiled and hands them back through primeGlobs.
const compiled = new Map<string, RegExp>();

/** The regular expression of a policy glob (`dot: true`). */
export function globRegex(glob: string): RegExp {
  let regex = compiled.get(glob);
  if (!regex) {
    regex = load().makeRe(glob, { dot: true });
    compiled.set(glob, regex);
  }
  return regex;
}

/** Globs compiled as data, for the settings cache. */
export function compileGlobs(globs: Iterable<string>): Record<string, CompiledGlob> {
  const out: Record<string, CompiledGlob> = {};
  for (const glob of globs) {
    const regex = globRegex(glob);
    out[glob] = [regex.source, regex.flags];
  }
  return out;
}

/** Seeds globRegex with globs compiled by an earlier run (compileGlobs). */
export function primeGlobs(globs: Record<string, CompiledGlob> | undefined): void {
  for (const [glob, [source, flags]] of Object.entries(globs ?? {})) {
    if (!compiled.has(glob)) compiled.set(glob, new RegExp(source, flags));
  }
}
