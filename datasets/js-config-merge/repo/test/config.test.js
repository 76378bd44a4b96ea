import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULTS, loadConfig } from '../src/config.js';

function file(data) {
  const name = path.join(mkdtempSync(path.join(tmpdir(), 'config-')), 'config.json');
  writeFileSync(name, JSON.stringify(data));
  return name;
}

test('the file overrides the defaults', () => {
  assert.equal(loadConfig(file({ port: 3000 })).port, 3000);
  assert.equal(loadConfig(file({})).host, '127.0.0.1');
});

test('the environment overrides the file, as a number', () => {
  assert.equal(loadConfig(file({ port: 3000 }), { PORT: '4000' }).port, 4000);
});

test('log is merged key by key', () => {
  assert.deepEqual(loadConfig(file({ log: { json: true } })).log, { level: 'info', json: true });
});

test('the defaults are not changed', () => {
  loadConfig(file({ log: { level: 'debug' } }));
  assert.equal(DEFAULTS.log.level, 'info');
});
