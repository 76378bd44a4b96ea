// picomatch, the one glob matcher of the codebase, loaded with require: it is CommonJS, and
// an ES import first runs Node's export scanner over it (~4 ms of every command that
// checks a path against the policy, the pre-commit gate included; perf/startup.perf.ts).
import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';

export const picomatch = createRequire(import.meta.url)('picomatch') as typeof Picomatch;
