import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoizeAsync } from '../build/memoize.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('overlapping calls share one loader call', async () => {
  let calls = 0;
  const load = memoizeAsync(async (key) => {
    calls++;
    await tick();
    return `value ${key}`;
  });
  const [a, b] = await Promise.all([load('k'), load('k')]);
  assert.equal(a, 'value k');
  assert.equal(b, 'value k');
  assert.equal(calls, 1);
  assert.equal(await load('k'), 'value k');
  assert.equal(calls, 1);
});

test('a failure is not remembered', async () => {
  let calls = 0;
  const load = memoizeAsync(async () => {
    calls++;
    await tick();
    if (calls === 1) throw new Error('down');
    return 'up';
  });
  await assert.rejects(load(1), /down/);
  assert.equal(await load(1), 'up');
  assert.equal(calls, 2);
});
