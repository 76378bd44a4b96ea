// Build step: renders `oryon --help` once, through the real commander program, into
// dist/cli/help.txt. bin/oryon prints that file for a bare `--help`, so asking for help
// costs no more than starting node. test/e2e/startup.test.ts checks the two agree.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const help = execFileSync(process.execPath, [path.join(root, 'bin', 'oryon'), '--help'], {
  env: { ...process.env, ORYON_FULL_CLI: '1', COLUMNS: '80', NO_COLOR: '1' },
  encoding: 'utf8',
});
writeFileSync(path.join(root, 'dist', 'cli', 'help.txt'), help);
