import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../src/config/paths.js';
import { createOllamaModel } from '../src/core/model/ollama-client.js';
import { estimateTokens } from '../src/core/model/token-budget.js';
import { closedPort } from '../test/core/model/model-config.js';
import { startFakeOllama } from '../test/helpers/fake-ollama.js';
import type { BenchResult } from './run.js';
import { medianMs } from './stats.js';

// Doctor must answer quickly when Ollama is down; the client must add little over the
// stream itself; the token estimate runs on every prompt.
export async function run(): Promise<BenchResult[]> {
  const bin = path.join(packageRoot, 'bin', 'oryon');
  const base = mkdtempSync(path.join(os.tmpdir(), 'oryon-bench-model-'));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: path.join(base, 'home'),
    XDG_CONFIG_HOME: path.join(base, 'config'),
    XDG_DATA_HOME: path.join(base, 'data'),
    ORYON_HOME: path.join(base, 'state'),
    // A loopback port nothing listens on: Ollama "down" (connection refused).
    OLLAMA_HOST: `http://127.0.0.1:${await closedPort()}`,
  };
  const doctor = () => new Promise<void>((resolve) => execFile(process.execPath, [bin, 'doctor', '--json'], { env, cwd: base }, () => resolve()));
  const doctorMs = await medianMs(5, doctor, 1);

  const chunks = Array.from({ length: 2000 }, (_, i) => `tok${i} `);
  const fake = await startFakeOllama({ respond: () => ({ chunks }) });
  const model = createOllamaModel({
    provider: 'ollama',
    base_url: null,
    api_key_env: null,
    tools_native: false,
    hosts: [],
    fallback: [],
    name: 'qwen2.5-coder:7b',
    host: fake.url,
    num_ctx: 8192,
    temperature: 0,
    seed: null,
    keep_alive: '30m',
    request_timeout_ms: 60_000,
    first_token_timeout_ms: 60_000,
    max_retries: 0,
    reply_reserve_tokens: 1024,
    embedding_model: 'nomic-embed-text',
  });
  const streamMs = await medianMs(7, () => model.chat({ messages: [{ role: 'user', content: 'go' }] }));
  await fake.close();

  const megabyte = 'const value = compute(input, options);\n'.repeat(26_000);
  const estimateMs = await medianMs(7, () => estimateTokens(megabyte));

  return [
    { name: 'oryon doctor --json, Ollama down', value: doctorMs, unit: 'ms', target: 1500 },
    { name: 'chat: 2000 streamed chunks over loopback', value: streamMs, unit: 'ms', target: 500 },
    { name: 'estimateTokens on 1 MB of code', value: estimateMs, unit: 'ms', target: 50 },
  ];
}
