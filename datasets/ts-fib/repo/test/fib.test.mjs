import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fib } from '../build/fib.js';

test('the first numbers', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(fib), [0, 1, 1, 2, 3, 5, 8]);
});

test('a larger one', () => {
  assert.equal(fib(30), 832040);
});
