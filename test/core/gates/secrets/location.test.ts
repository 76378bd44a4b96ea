import { describe, expect, it } from 'vitest';
import { locationOf } from '../../../../src/core/gates/secrets/location.js';

// Where a finding stands decides whether it blocks; shared by the secrets and security gates.

describe('locationOf', () => {
  it.each([
    ['test/server.test.js', 'tests'],
    ['tests/test_app.py', 'tests'],
    ['src/app.spec.ts', 'tests'],
    // Type tests: TSTyche and tsd.
    ['types/index.tst.ts', 'tests'],
    ['types/plugin.test-d.ts', 'tests'],
    ['test-d/index.ts', 'tests'],
    // Benchmarks run the code with fixed inputs and never ship.
    ['benchmark/sign.js', 'tests'],
    ['benchmarks/parse.mjs', 'tests'],
    ['bench/router.ts', 'tests'],
    ['src/router.bench.ts', 'tests'],
    ['test/fixtures/app/index.js', 'fixtures'],
    ['examples/github.js', 'examples'],
    ['example/server.js', 'examples'],
    ['docs/guide.md', 'docs'],
  ])('%s is %s', (path, where) => {
    expect(locationOf(path)).toBe(where);
  });

  it.each(['lib/bench.js', 'src/benchmarking.ts', 'types/index.d.ts', 'lib/tester.js', 'src/testing-utils.ts', 'scripts/lib/test-helper.js'])(
    '%s is ordinary source',
    (path) => {
      expect(locationOf(path)).toBeUndefined();
    },
  );
});
