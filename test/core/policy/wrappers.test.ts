import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { decideCommand } from '../../../src/core/policy/decide.js';
import type { Policy } from '../../../src/core/policy/schema.js';
import { splitWords, unwrapCommand } from '../../../src/core/policy/wrappers.js';

const policy: Policy = loadPolicy();
const withWrappers: Policy = {
  ...policy,
  commands: { allow: [...policy.commands.allow, 'nice', 'timeout', 'nohup', 'stdbuf', 'xargs', 'setsid', 'ionice', 'time'] },
};

describe('unwrapCommand', () => {
  it.each([
    [
      ['env', '-S', 'curl -s http://x'],
      ['curl', '-s', 'http://x'],
    ],
    [
      ['env', '-Scurl -s'],
      ['curl', '-s'],
    ],
    [
      ['env', '--split-string=curl http://x'],
      ['curl', 'http://x'],
    ],
    [['env', '--split-string', 'curl'], ['curl']],
    [
      ['env', '-iS', 'A=1 curl x'],
      ['curl', 'x'],
    ],
    [['env', '-i', '-u', 'HOME', '-C', '/tmp', '--', 'curl'], ['curl']],
    [['env', '-uHOME', '-C/tmp', 'A=1', 'B=2', 'curl'], ['curl']],
    [['env', '--unset', 'HOME', '--chdir=/', '-', 'curl'], ['curl']],
    [
      ['env', '-S', '-i A=1 -S"curl y"'],
      ['curl', 'y'],
    ],
    [
      ['env', '-S', "'cu'rl\\_x"],
      ['curl', 'x'],
    ],
    [['/usr/bin/env', '-S', 'nice -n 5 timeout -s KILL 3 curl'], ['curl']],
    [['nice', '-5', 'curl'], ['curl']],
    [['nice', '--adjustment=3', 'curl'], ['curl']],
    [['timeout', '--kill-after', '1', '5s', 'curl'], ['curl']],
    [
      ['timeout', '-k1', '5', 'python3', 't.py'],
      ['python3', 't.py'],
    ],
    [['stdbuf', '-oL', '-e', '0', 'curl'], ['curl']],
    [
      ['xargs', '-n1', '-I', '{}', 'curl', '{}'],
      ['curl', '{}'],
    ],
    [['xargs', '-0', '--max-procs', '4', 'wget'], ['wget']],
    [['nohup', 'setsid', 'ionice', '-c', '3', 'time', '-o', 'f', 'curl'], ['curl']],
    [
      ['python3', '-m', 'pytest'],
      ['python3', '-m', 'pytest'],
    ],
    [['env'], []],
  ])('%j runs %j', (argv, inner) => {
    expect(unwrapCommand(argv)).toEqual(inner);
  });

  it('splits like env -S: quotes, escapes and \\_', () => {
    expect(splitWords(`a "b c" 'd e' f\\ g h\\_i "j\\_k"`)).toEqual(['a', 'b c', 'd e', 'f g', 'h', 'i', 'j k']);
  });
});

describe('decideCommand sees through env -S and other wrappers', () => {
  it.each([
    ['env', '-S', 'curl -s http://x'],
    ['env', '-S', 'A=1 curl'],
    ['env', '--split-string=curl http://x'],
    ['env', '-iS', 'wget y'],
    ['env', '-SA=1 ssh h'],
    ['env', '-u', 'X', '-C', '/', '--', 'curl'],
    ['env', '-S', '${CURL} x'],
  ])('refuses %j', (...argv) => {
    const decision = decideCommand(policy, argv);
    expect(decision).toMatchObject({ allowed: false, rule: 'commands.allow' });
    expect(decision.reason).toContain('started through env');
  });

  it('refuses env -S inside sh -c', () => {
    expect(decideCommand(policy, ['sh', '-c', 'env -S "curl http://x"']).allowed).toBe(false);
    expect(decideCommand(policy, ['sh', '-c', "true && env --split-string='wget y'"]).allowed).toBe(false);
  });

  it.each([
    ['xargs', 'curl'],
    ['nohup', 'curl'],
    ['stdbuf', '-oL', 'curl'],
    ['setsid', 'curl'],
    ['ionice', '-c3', 'wget'],
    ['time', '-f', '%e', 'ssh'],
    ['timeout', '-s', 'KILL', '5', 'nc'],
  ])('refuses %j when the wrapper itself is allowed', (...argv) => {
    expect(decideCommand(withWrappers, argv).allowed).toBe(false);
  });

  it('still allows wrapped programs that are allowed', () => {
    expect(decideCommand(policy, ['env', '-S', 'PYTHONPATH=src python3 -m pytest']).allowed).toBe(true);
    expect(decideCommand(withWrappers, ['timeout', '5', 'nice', '-n', '2', 'make', 'test']).allowed).toBe(true);
    expect(decideCommand(withWrappers, ['xargs', '-0']).allowed).toBe(true);
  });
});
