import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percent } from '../build/percent.js';

test('one decimal place', () => {
  assert.equal(percent(1, 3), 33.3);
  assert.equal(percent(2, 3), 66.7);
});

test('zero total', () => {
  assert.equal(percent(5, 0), 0);
});

test('clamped', () => {
  assert.equal(percent(150, 100), 100);
  assert.equal(percent(-1, 10), 0);
});
