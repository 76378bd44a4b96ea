import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRanges } from '../build/ranges.js';

test('inclusive ranges and spaces', () => {
  assert.deepEqual(parseRanges('1-3, 5'), [1, 2, 3, 5]);
});

test('sorted, without duplicates', () => {
  assert.deepEqual(parseRanges('5,1-2,2'), [1, 2, 5]);
});

test('empty', () => {
  assert.deepEqual(parseRanges(''), []);
  assert.deepEqual(parseRanges('  '), []);
});

test('malformed parts are named', () => {
  assert.throws(() => parseRanges('1,x'), (error) => error instanceof RangeError && error.message.includes('x'));
  assert.throws(() => parseRanges('5-3'), (error) => error instanceof RangeError && error.message.includes('5-3'));
});
