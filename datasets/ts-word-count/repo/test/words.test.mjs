import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wordCount } from '../build/words.js';

test('apostrophes and quotes', () => {
  assert.deepEqual([...wordCount("Don't stop, don't 'quote' me")], [["don't", 2], ['stop', 1], ['quote', 1], ['me', 1]]);
});

test('digits, case and punctuation', () => {
  assert.deepEqual([...wordCount('One fish, two fish; 2 FISH!')], [['one', 1], ['fish', 3], ['two', 1], ['2', 1]]);
});

test('empty', () => {
  assert.equal(wordCount('  ... ').size, 0);
});
