// The sandbox relies on decideCommand (src/core/policy/decide.ts) to refuse commands
// before they run; these are the shell forms an attacker would try through `sh -c`.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { decideCommand } from '../../../src/core/policy/decide.js';

const policy = loadPolicy();
const shell = (script: string) => decideCommand(policy, ['sh', '-c', script]);

describe('commands.allow through sh -c', () => {
  it.each([
    'curl http://x',
    '{ curl x; }',
    'if curl x; then :; fi',
    '! curl x',
    'while curl x; do :; done',
    'until wget x; do :; done',
    'true && { nc -l 1; }',
    'echo hi >&2; curl x',
    'true &>/dev/null curl x',
    'echo $(curl x)',
    'X=1 exec ssh host',
  ])('refuses %j naming commands.allow', (script) => {
    expect(shell(script)).toMatchObject({ allowed: false, rule: 'commands.allow' });
  });

  it.each([
    'pytest -q 2>&1',
    'echo progress >&2; python3 -m pytest',
    'cd sub && make test; exit $?',
    'for f in a b; do echo $f; done',
    'if test -f x; then echo yes; else echo no; fi',
    'set -e; export CI=1; npm test',
  ])('allows %j', (script) => {
    expect(shell(script)).toMatchObject({ allowed: true });
  });
});
