import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPrime } from '../build/primes.js';

test('primes', () => {
  for (const n of [2, 3, 5, 7, 11, 13, 97]) assert.equal(isPrime(n), true, String(n));
});

test('composites', () => {
  for (const n of [4, 6, 9, 15, 21, 100]) assert.equal(isPrime(n), false, String(n));
});

test('below two', () => {
  for (const n of [-7, 0, 1]) assert.equal(isPrime(n), false, String(n));
});
