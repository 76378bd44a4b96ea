import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fizzbuzz } from '../build/fizzbuzz.js';

test('numbers', () => {
  assert.equal(fizzbuzz(1), '1');
  assert.equal(fizzbuzz(7), '7');
});

test('fizz and buzz', () => {
  assert.equal(fizzbuzz(9), 'Fizz');
  assert.equal(fizzbuzz(10), 'Buzz');
});

test('fizzbuzz', () => {
  assert.equal(fizzbuzz(15), 'FizzBuzz');
  assert.equal(fizzbuzz(45), 'FizzBuzz');
});
