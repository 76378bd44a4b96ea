import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJsonLog } from '../../src/cli/json-log-option.js';
import { tempDir } from '../helpers/git-repo.js';

const model = { provider: 'ollama', name: 'qwen2.5-coder:7b' };
const saved = { format: process.env.ORYON_LOG_FORMAT, level: process.env.ORYON_LOG };

afterEach(() => {
  for (const [key, value] of [
    ['ORYON_LOG_FORMAT', saved.format],
    ['ORYON_LOG', saved.level],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('openJsonLog', () => {
  it('is off for human output, the default', () => {
    delete process.env.ORYON_LOG_FORMAT;
    expect(openJsonLog({}, model, (text) => text)).toBeUndefined();
  });

  it('writes redacted JSON lines to --log-file; ORYON_LOG_FORMAT turns it on too', () => {
    process.env.ORYON_LOG_FORMAT = 'json';
    const file = path.join(tempDir('oryon-log-'), 'run.log');
    const opened = openJsonLog({ logFile: file }, model, (text) => text.replaceAll('secret-issue', '<SECRET_1>'), { screen: true })!;
    opened.log.handle({
      type: 'run-started',
      runId: '20261205-080000-abc123',
      mode: 'operator',
      requestedMode: 'operator',
      model: model.name,
      base: 'main',
      maxIterations: 3,
    });
    opened.log.handle({ type: 'plan', plan: { summary: 'fix the secret-issue', files: ['a.py'] } } as never);
    opened.close();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ event: 'run-started', run_id: '20261205-080000-abc123', provider: 'ollama', model: 'qwen2.5-coder:7b' });
    expect(lines[1]).toMatchObject({ event: 'plan', run_id: '20261205-080000-abc123', summary: 'fix the <SECRET_1>' });
  });

  it('refuses an unknown format or level, and JSON on a full-screen session without --log-file', () => {
    expect(() => openJsonLog({ logFormat: 'xml' }, model, (text) => text)).toThrow('--log-format: expected human or json, got "xml"');
    process.env.ORYON_LOG = 'loud';
    expect(() => openJsonLog({ logFormat: 'json' }, model, (text) => text)).toThrow('ORYON_LOG: expected one of debug, info, warn, got "loud"');
    delete process.env.ORYON_LOG;
    expect(() => openJsonLog({ logFormat: 'json' }, model, (text) => text, { screen: true })).toThrow(/needs --log-file FILE/);
  });
});
