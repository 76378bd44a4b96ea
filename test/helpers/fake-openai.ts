// A fake OpenAI-compatible server (what llama-server, vLLM, LM Studio expose): a real
// HTTP server on 127.0.0.1 speaking /v1/models, /v1/chat/completions (SSE with
// `data: [DONE]` and a usage chunk when stream_options.include_usage is set) and
// /v1/embeddings. It records every request with its headers, and takes the same scripted
// replies and fault script as the fake Ollama.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultScript, type Fault } from './faults.js';
import { vectorFor, withFault, type FakeReply, type RecordedRequest } from './fake-ollama.js';

export interface FakeOpenAIModel {
  id: string;
  /** Reported as vLLM does (max_model_len); omitted when undefined. */
  maxModelLen?: number;
}

export interface FakeOpenAIOptions {
  models?: FakeOpenAIModel[];
  replies?: FakeReply[];
  respond?: (body: any, index: number) => FakeReply | Promise<FakeReply>;
  /** When set, requests without `Authorization: Bearer <key>` get 401. */
  apiKey?: string;
  /** Answer 400 to response_format json_schema, as servers without it do. */
  rejectJsonSchema?: boolean;
  faults?: string | Array<Fault | undefined>;
}

export interface OpenAIRecordedRequest extends RecordedRequest {
  headers: http.IncomingHttpHeaders;
}

export interface FakeOpenAI {
  url: string;
  /** The base URL to configure: url + "/v1". */
  baseUrl: string;
  port: number;
  requests: OpenAIRecordedRequest[];
  chatRequests(): any[];
  enqueue(...replies: FakeReply[]): void;
  faults: FaultScript;
  close(): Promise<void>;
}

export const DEFAULT_OPENAI_MODELS: FakeOpenAIModel[] = [{ id: 'qwen2.5-coder-7b', maxModelLen: 32768 }, { id: 'nomic-embed-text' }];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const models = options.models ?? DEFAULT_OPENAI_MODELS;
  const queue: FakeReply[] = [...(options.replies ?? [])];
  const requests: OpenAIRecordedRequest[] = [];
  const faults = new FaultScript(options.faults);
  let chatIndex = 0;

  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const record: OpenAIRecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, body, at: Date.now(), headers: req.headers };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });
    try {
      await route(record, res);
    } catch (error) {
      if (!res.headersSent) sendError(res, 500, `fake-openai: ${(error as Error).message}`);
      else res.destroy();
    }
  });

  async function route(record: OpenAIRecordedRequest, res: http.ServerResponse): Promise<void> {
    if (options.apiKey && record.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendError(res, 401, 'Incorrect API key provided', 'invalid_api_key');
    }
    const body = record.body ?? {};
    const known = (id: unknown) => models.some((model) => model.id === id);
    switch (`${record.method} ${record.path}`) {
      case 'GET /v1/models':
        return sendJson(res, 200, {
          object: 'list',
          data: models.map((model) => ({
            id: model.id,
            object: 'model',
            created: 1_700_000_000,
            owned_by: 'fake',
            ...(model.maxModelLen ? { max_model_len: model.maxModelLen } : {}),
          })),
        });
      case 'POST /v1/embeddings': {
        if (!known(body.model)) return sendError(res, 404, `The model \`${body.model}\` does not exist.`, 'model_not_found');
        const input: string[] = Array.isArray(body.input) ? body.input : [body.input];
        return sendJson(res, 200, {
          object: 'list',
          model: body.model,
          data: input.map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text, 16) })),
          usage: { prompt_tokens: input.length, total_tokens: input.length },
        });
      }
      case 'POST /v1/chat/completions': {
        if (!known(body.model)) return sendError(res, 404, `The model \`${body.model}\` does not exist.`, 'model_not_found');
        if (options.rejectJsonSchema && body.response_format?.type === 'json_schema') {
          return sendError(res, 400, "response_format type 'json_schema' is not supported", 'invalid_request_error');
        }
        const index = chatIndex++;
        const fault = faults.next();
        const next = async () => options.respond?.(body, index);
        const reply = fault ? (queue[0] ?? (await next())) : (queue.shift() ?? (await next()));
        if (!reply) return sendError(res, 500, `fake-openai: no scripted reply for chat request #${index}`);
        return sendCompletion(res, body, fault ? withFault(reply, fault) : reply);
      }
      default:
        return sendError(res, 404, `no route ${record.method} ${record.path}`);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions').map((r) => r.body),
    enqueue: (...replies) => void queue.push(...replies),
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sendCompletion(res: http.ServerResponse, body: any, reply: FakeReply): Promise<void> {
  if (reply.reset) {
    res.socket?.destroy();
    return;
  }
  if (reply.firstTokenDelayMs) await sleep(reply.firstTokenDelayMs);
  if (res.destroyed) return;
  if (reply.status && reply.status !== 200) {
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.errorBody ?? JSON.stringify({ error: { message: 'fake error' } }));
    return;
  }
  if (reply.rawBody !== undefined) {
    res.writeHead(200, { 'content-type': 'text/event-stream' }).end(reply.rawBody);
    return;
  }
  const content = reply.content ?? '';
  const pieces = reply.chunks ?? content.match(/[\s\S]{1,4}/g) ?? [];
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model };
  const usage = {
    prompt_tokens: reply.promptEvalCount ?? roughTokens(body.messages),
    completion_tokens: reply.evalCount ?? pieces.length,
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const finish = reply.doneReason ?? 'stop';
  if (body.stream !== true) {
    sendJson(res, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: pieces.join('') }, finish_reason: finish }],
      usage,
    });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunks: object[] = [{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }];
  if (reply.thinking) chunks.push({ ...base, choices: [{ index: 0, delta: { reasoning_content: reply.thinking }, finish_reason: null }] });
  for (const piece of pieces) chunks.push({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  for (let i = 0; i < chunks.length; i++) {
    if (reply.dropAfterChunks !== undefined && i >= reply.dropAfterChunks) return void res.destroy();
    if (res.destroyed) return;
    if (i === reply.stallAfterChunks) await sleep(reply.stallMs ?? 0);
    if (i === reply.malformedAfterChunks) res.write('data: {"id": "chatcmpl-fake", "choices": [\n\n');
    if (res.destroyed) return;
    // Wait for each write to reach the socket, so a drop right after cuts a stream the client saw.
    await new Promise((resolve) => res.write(`data: ${JSON.stringify(chunks[i])}\n\n`, resolve));
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
  }
  if (reply.dropAfterChunks !== undefined) return void res.destroy();
  res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`);
  if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
  if (!res.destroyed) res.end('data: [DONE]\n\n');
}

function sendError(res: http.ServerResponse, status: number, message: string, code?: string): void {
  sendJson(res, status, { error: { message, type: 'invalid_request_error', code: code ?? null } });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function roughTokens(messages: Array<{ content?: string }> | undefined): number {
  const chars = (messages ?? []).reduce((sum, message) => sum + (message.content?.length ?? 0), 0);
  return Math.max(1, Math.round(chars / 4) + 4 * (messages?.length ?? 0));
}
