import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery } from '../src/query.js';

test('leading ?, plus as space, key without value', () => {
  assert.deepEqual(parseQuery('?q=a+b&flag'), { q: 'a b', flag: '' });
});

test('percent-decoding', () => {
  assert.deepEqual(parseQuery('name=J%C3%BCrgen%20K'), { name: 'Jürgen K' });
});

test('empty pairs are skipped', () => {
  assert.deepEqual(parseQuery('a=1&&b=2'), { a: '1', b: '2' });
  assert.deepEqual(parseQuery(''), {});
  assert.deepEqual(parseQuery('?'), {});
});

test('a value may contain =', () => {
  assert.deepEqual(parseQuery('t=a=b'), { t: 'a=b' });
});
