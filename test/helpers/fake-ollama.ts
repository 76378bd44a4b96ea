// A fake Ollama: a real HTTP server on 127.0.0.1 (port 0) speaking the endpoints the
// SPEC lists, with scripted chat replies. It records every request so tests can assert
// what oryon sent (num_ctx, format, messages), and notes connections the client closed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultScript, type Fault } from './faults.js';

export interface FakeReply {
  content?: string;
  thinking?: string;
  /** Content fragments, one per streamed chunk (default: content cut into 4-char pieces). */
  chunks?: string[];
  /** Non-200 status: answered with errorBody (default `{"error":"fake error"}`). */
  status?: number;
  errorBody?: string;
  /** Wait before the headers and first chunk (a model still loading). */
  firstTokenDelayMs?: number;
  chunkDelayMs?: number;
  /** Destroy the socket after this many chunks, without a final chunk. */
  dropAfterChunks?: number;
  promptEvalCount?: number;
  evalCount?: number;
  doneReason?: string;
  /** Sent verbatim with status 200 instead of chunks. */
  rawBody?: string;
  /** Native tool calls, sent in one chunk before the final one (as Ollama does). */
  toolCalls?: Array<{ name: string; arguments: Record<string, unknown> | string }>;
  /** Pause this long after stallAfterChunks chunks (a stall mid-stream). */
  stallAfterChunks?: number;
  stallMs?: number;
  /** After this many chunks, send a line that is not JSON (then carry on). */
  malformedAfterChunks?: number;
  /** Destroy the socket before answering (connection reset). */
  reset?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: any;
  at: number;
  /** Set when the client closed the connection before the response finished. */
  aborted?: boolean;
}

export interface FakeModel {
  name: string;
  contextLength?: number;
  family?: string;
  parameterSize?: string;
  /** What /api/show lists (default ["completion"]; add "tools" for native tool calling). */
  capabilities?: string[];
}

export interface FakeOllamaOptions {
  models?: FakeModel[];
  replies?: FakeReply[];
  respond?: (body: any, index: number) => FakeReply | Promise<FakeReply>;
  embed?: (texts: string[]) => number[][];
  /** Length of the default deterministic embedding vectors. */
  embedDimensions?: number;
  version?: string;
  /** A fault script for successive chat requests (see faults.ts); default $FAULT_INJECTION. */
  faults?: string | Array<Fault | undefined>;
}

export interface FakeOllama {
  url: string;
  port: number;
  requests: RecordedRequest[];
  chatRequests(): any[];
  /** The tool names offered natively on each chat request ([] when none were). */
  offeredTools(): string[][];
  enqueue(...replies: FakeReply[]): void;
  /** The faults injected so far. */
  faults: FaultScript;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_MODELS: FakeModel[] = [
  { name: 'qwen2.5-coder:7b', contextLength: 32768, family: 'qwen2', parameterSize: '7.6B' },
  { name: 'nomic-embed-text:latest', contextLength: 2048, family: 'nomic-bert', parameterSize: '137M' },
];

const withTag = (name: string): string => (name.includes(':') ? name : `${name}:latest`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const models = options.models ?? DEFAULT_FAKE_MODELS;
  const queue: FakeReply[] = [...(options.replies ?? [])];
  const requests: RecordedRequest[] = [];
  let chatIndex = 0;
  const faults = new FaultScript(options.faults);
  const findModel = (name: unknown) => (typeof name === 'string' ? models.find((model) => withTag(model.name) === withTag(name)) : undefined);

  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const record: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, body, at: Date.now() };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });
    try {
      await route(record, res);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: `fake-ollama: ${(error as Error).message}` });
      else res.destroy();
    }
  });

  async function route(record: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const key = `${record.method} ${record.path}`;
    const body = record.body ?? {};
    switch (key) {
      case 'GET /api/version':
        return sendJson(res, 200, { version: options.version ?? '0.12.6' });
      case 'GET /api/tags':
        return sendJson(res, 200, {
          models: models.map((model) => ({
            name: withTag(model.name),
            model: withTag(model.name),
            size: 4_683_087_332,
            digest: 'f'.repeat(64),
            details: { family: model.family ?? 'qwen2', parameter_size: model.parameterSize ?? '7B' },
          })),
        });
      case 'POST /api/show': {
        const name = body.model ?? body.name;
        const model = findModel(name);
        if (!model) return sendJson(res, 404, { error: `model '${name}' not found` });
        const family = model.family ?? 'qwen2';
        return sendJson(res, 200, {
          details: { family, parameter_size: model.parameterSize ?? '7B', format: 'gguf' },
          model_info: { 'general.architecture': family, [`${family}.context_length`]: model.contextLength ?? 32768 },
          capabilities: model.capabilities ?? ['completion'],
        });
      }
      case 'POST /api/embed': {
        if (!findModel(body.model)) return notFound(res, body.model);
        const input: string[] = Array.isArray(body.input) ? body.input : [body.input];
        const embeddings = (options.embed ?? ((texts) => texts.map((text) => vectorFor(text, options.embedDimensions ?? 16))))(input);
        return sendJson(res, 200, { model: body.model, embeddings });
      }
      case 'POST /api/chat': {
        if (!findModel(body.model)) return notFound(res, body.model);
        const index = chatIndex++;
        const fault = faults.next();
        // A faulted request leaves the scripted reply queued for the retry.
        const reply = fault
          ? (queue[0] ?? (options.respond ? await options.respond(body, index) : undefined))
          : (queue.shift() ?? (options.respond ? await options.respond(body, index) : undefined));
        if (!reply) return sendJson(res, 500, { error: `fake-ollama: no scripted reply for chat request #${index}` });
        return sendChat(res, body, fault ? withFault(reply, fault) : reply);
      }
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.method === 'POST' && r.path === '/api/chat').map((r) => r.body),
    offeredTools: () =>
      requests
        .filter((r) => r.method === 'POST' && r.path === '/api/chat')
        .map((r) => (Array.isArray(r.body?.tools) ? r.body.tools.map((tool: any) => tool.function?.name) : [])),
    enqueue: (...replies) => void queue.push(...replies),
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The scripted reply as the fault bends it. */
export function withFault(reply: FakeReply, fault: Fault): FakeReply {
  switch (fault.kind) {
    case 'status':
      return { status: fault.status, errorBody: JSON.stringify({ error: `injected fault: ${fault.status}` }) };
    case 'reset':
      return { reset: true };
    case 'drop':
      return { ...reply, dropAfterChunks: fault.afterChunks };
    case 'stall-first':
      return { ...reply, firstTokenDelayMs: fault.ms };
    case 'stall':
      return { ...reply, stallAfterChunks: fault.afterChunks, stallMs: fault.ms };
    case 'malformed':
      return { ...reply, malformedAfterChunks: fault.afterChunks };
  }
}

async function sendChat(res: http.ServerResponse, body: any, reply: FakeReply): Promise<void> {
  if (reply.reset) {
    res.socket?.destroy();
    return;
  }
  if (reply.firstTokenDelayMs) await sleep(reply.firstTokenDelayMs);
  if (res.destroyed) return;
  if (reply.status && reply.status !== 200) {
    const text = reply.errorBody ?? JSON.stringify({ error: 'fake error' });
    const type = text.trimStart().startsWith('{') ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
    res.writeHead(reply.status, { 'content-type': type }).end(text);
    return;
  }
  if (reply.rawBody !== undefined) {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(reply.rawBody);
    return;
  }
  const content = reply.content ?? '';
  const pieces = reply.chunks ?? content.match(/[\s\S]{1,4}/g) ?? [];
  const model = body.model;
  const created_at = new Date().toISOString();
  const final = {
    model,
    created_at,
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: reply.doneReason ?? 'stop',
    total_duration: 1_500_000_000,
    load_duration: 250_000_000,
    prompt_eval_count: reply.promptEvalCount ?? roughTokens(body.messages),
    prompt_eval_duration: 400_000_000,
    eval_count: reply.evalCount ?? pieces.length,
    eval_duration: 800_000_000,
  };
  if (body.stream === false) {
    const message: Record<string, unknown> = { role: 'assistant', content: pieces.join('') };
    if (reply.thinking) message.thinking = reply.thinking;
    if (reply.toolCalls?.length) message.tool_calls = reply.toolCalls.map((call) => ({ function: { name: call.name, arguments: call.arguments } }));
    sendJson(res, 200, { ...final, message });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const chunks: object[] = [];
  if (reply.thinking) chunks.push({ model, created_at, message: { role: 'assistant', content: '', thinking: reply.thinking }, done: false });
  for (const piece of pieces) chunks.push({ model, created_at, message: { role: 'assistant', content: piece }, done: false });
  if (reply.toolCalls?.length) {
    const tool_calls = reply.toolCalls.map((call) => ({ function: { name: call.name, arguments: call.arguments } }));
    chunks.push({ model, created_at, message: { role: 'assistant', content: '', tool_calls }, done: false });
  }
  for (let i = 0; i < chunks.length; i++) {
    if (reply.dropAfterChunks !== undefined && i >= reply.dropAfterChunks) {
      res.destroy();
      return;
    }
    if (res.destroyed) return;
    if (i === reply.stallAfterChunks) await sleep(reply.stallMs ?? 0);
    if (i === reply.malformedAfterChunks) res.write('{"model": "broken\n');
    if (res.destroyed) return;
    // Wait for each write to reach the socket, so a drop right after cuts a stream the client saw.
    await new Promise((resolve) => res.write(`${JSON.stringify(chunks[i])}\n`, resolve));
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
  }
  if (reply.dropAfterChunks !== undefined) {
    res.destroy();
    return;
  }
  if (!res.destroyed) res.end(`${JSON.stringify(final)}\n`);
}

function notFound(res: http.ServerResponse, model: unknown): void {
  sendJson(res, 404, { error: `model "${String(model)}" not found, try pulling it first` });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** About 4 characters per token, like a real tokenizer on English and code. */
function roughTokens(messages: Array<{ content?: string }> | undefined): number {
  const chars = (messages ?? []).reduce((sum, message) => sum + (message.content?.length ?? 0), 0);
  return Math.max(1, Math.round(chars / 4) + 4 * (messages?.length ?? 0));
}

/** A deterministic unit vector from the text (FNV-1a seeded per dimension). */
export function vectorFor(text: string, dimensions: number): number[] {
  const vector: number[] = [];
  for (let d = 0; d < dimensions; d++) {
    let hash = 2166136261 ^ d;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
    vector.push(((hash >>> 0) / 0xffffffff) * 2 - 1);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}
