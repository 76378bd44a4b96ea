import { readFileSync } from 'node:fs';
import { packageRoot } from '../config/paths.js';
import path from 'node:path';

export const VERSION: string = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
