import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCelsius, toFahrenheit } from '../src/convert.js';
import { describe } from '../src/format.js';

test('conversions', () => {
  assert.equal(toCelsius(212), 100);
  assert.equal(toCelsius(-40), -40);
  assert.equal(toFahrenheit(0), 32);
});

test('descriptions', () => {
  assert.equal(describe(72, 'F'), '72°F (22.2°C)');
  assert.equal(describe(100, 'C'), '100°C (212.0°F)');
  assert.throws(() => describe(1, 'K'), RangeError);
});
