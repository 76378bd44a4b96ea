import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunk } from '../src/chunk.js';

test('keeps the last, shorter chunk', () => {
  assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
});

test('exact multiples and empty input', () => {
  assert.deepEqual(chunk([1, 2, 3, 4], 2), [[1, 2], [3, 4]]);
  assert.deepEqual(chunk([], 3), []);
});

test('rejects a bad size', () => {
  assert.throws(() => chunk([1], 0), RangeError);
});
