import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fib } from '../src/fib.js';

test('base cases', () => {
  assert.equal(fib(0), 0);
  assert.equal(fib(1), 1);
});

test('sequence', () => {
  assert.deepEqual([...Array(10).keys()].map(fib), [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
});
