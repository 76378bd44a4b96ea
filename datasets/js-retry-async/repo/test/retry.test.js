import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retry } from '../src/retry.js';

test('retries a rejecting async function and returns its success', async () => {
  let calls = 0;
  const value = await retry(async () => {
    calls++;
    if (calls < 3) throw new Error('busy');
    return 'ok';
  });
  assert.equal(value, 'ok');
  assert.equal(calls, 3);
});

test('throws the last error after the attempts run out', async () => {
  let calls = 0;
  await assert.rejects(
    retry(async () => {
      calls++;
      throw new Error(`fail ${calls}`);
    }, { attempts: 2 }),
    /fail 2/,
  );
  assert.equal(calls, 2);
});

test('synchronous throws are retried too', async () => {
  let calls = 0;
  const value = await retry(() => {
    if (++calls < 2) throw new Error('sync');
    return 42;
  });
  assert.equal(value, 42);
});
