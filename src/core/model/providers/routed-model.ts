// A ChatModel over several endpoints: the primary's host pool (model.hosts, round-robin)
// first, then model.fallback in order. An endpoint that is unreachable, answers 5xx after
// its own retries, misses the first-token timeout or does not have the model is passed
// over and the same request goes to the next; a failed endpoint is marked down and tried
// again after a back-off. The reply says which endpoint answered and why the others did
// not, for the journal. The agent loop sees one ChatModel.
import { InterruptedError, ModelUnavailableError } from '../../errors.js';
import type { ChatModel, ChatReply, ChatRequest, EndpointAttempt, ModelInfo } from '../types.js';
import { HealthMarks, type HealthOptions } from './health.js';
import { attachPartials, partialsOf } from './partials.js';

export interface RouteMember {
  /** "provider base-url model". */
  endpoint: string;
  /** Made on first use, so a fallback's missing API key is a reason to pass it over, not a crash. */
  create(): ChatModel;
}

export interface RoutedOptions extends HealthOptions {
  /** Where round-robin starts: by default the pid, so concurrent runs start on different hosts. */
  start?: number;
}

interface Candidate {
  member: RouteMember;
  downForMs: number;
}

export class RoutedModel implements ChatModel {
  readonly name: string;
  readonly numCtx: number;
  readonly health: HealthMarks;
  private readonly tiers: RouteMember[][];
  private readonly models = new Map<string, ChatModel>();
  private cursor: number;

  /** tiers[0] is the primary's host pool; each later tier is one fallback entry. */
  constructor(tiers: RouteMember[][], identity: { name: string; numCtx: number }, options: RoutedOptions = {}) {
    if (!tiers[0]?.length) throw new Error('RoutedModel needs at least one endpoint');
    this.tiers = tiers;
    this.name = identity.name;
    this.numCtx = identity.numCtx;
    this.health = new HealthMarks(options);
    this.cursor = options.start ?? process.pid;
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const skipped: EndpointAttempt[] = [];
    const discarded: string[] = [];
    let last: ModelUnavailableError | undefined;
    const candidates = this.candidates();
    for (const { member, downForMs } of candidates) {
      if (request.signal?.aborted) break;
      let model: ChatModel;
      try {
        model = this.model(member);
        const reply = await model.chat(request);
        this.health.answered(member.endpoint);
        for (const other of candidates) {
          if (other.downForMs > 0 && other.member !== member && !skipped.some((attempt) => attempt.endpoint === other.member.endpoint)) {
            skipped.push({ endpoint: other.member.endpoint, reason: `in back-off after a failure (${Math.ceil(other.downForMs / 1000)}s left)` });
          }
        }
        if (discarded.length || reply.discarded?.length) reply.discarded = [...discarded, ...(reply.discarded ?? [])];
        reply.route = { endpoint: member.endpoint, skipped };
        return reply;
      } catch (error) {
        // Only "this endpoint cannot serve us" moves on; a cancel, a prompt too big for
        // the window or a bad request would fail the same everywhere.
        if (!(error instanceof ModelUnavailableError)) throw error;
        discarded.push(...partialsOf(error));
        this.health.failed(member.endpoint);
        const note = downForMs > 0 ? ' (tried although in back-off: no healthy endpoint was left)' : '';
        skipped.push({ endpoint: member.endpoint, reason: error.message + note, ...(error.hint ? { hint: error.hint } : {}) });
        last = error;
      }
    }
    if (request.signal?.aborted) throw new InterruptedError('interrupted');
    const summary = skipped.map((attempt) => `${attempt.endpoint}: ${attempt.reason}`).join('; ');
    const error = new ModelUnavailableError(`no model endpoint answered (${skipped.length} tried) — ${summary}`, {
      hint: last?.hint ?? 'check model.base_url, model.hosts and model.fallback, then run "oryon doctor"',
      cause: last,
    });
    attachPartials(error, discarded);
    throw error;
  }

  async info(options: { signal?: AbortSignal } = {}): Promise<ModelInfo> {
    let lastError: unknown;
    for (const { member } of this.candidates(false)) {
      try {
        const model = this.model(member);
        if (!model.info) return {};
        return await model.info(options);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  /**
   * Native tool calling only when the endpoint that would answer now supports it; a
   * fallback that does not still gets the tools through the plain-text protocol's prompt.
   */
  async supportsTools(options: { signal?: AbortSignal } = {}): Promise<boolean> {
    const first = this.candidates(false)[0];
    const model = first ? this.model(first.member) : undefined;
    return model?.supportsTools ? model.supportsTools(options).catch(() => false) : false;
  }

  /**
   * The order to try, for one request: the primary pool rotated round-robin, then each
   * fallback; endpoints in back-off go last (soonest back first), so a request still
   * has somewhere to go when everything has failed recently.
   */
  candidates(advance = true): Candidate[] {
    const [pool, ...fallbacks] = this.tiers;
    const start = (advance ? this.cursor++ : this.cursor) % pool!.length;
    const ordered = [...pool!.slice(start), ...pool!.slice(0, start), ...fallbacks.flat()];
    const marked = ordered.map((member) => ({ member, downForMs: this.health.downFor(member.endpoint) }));
    const healthy = marked.filter((candidate) => candidate.downForMs === 0);
    const down = marked.filter((candidate) => candidate.downForMs > 0).sort((a, b) => a.downForMs - b.downForMs);
    return [...healthy, ...down];
  }

  private model(member: RouteMember): ChatModel {
    let model = this.models.get(member.endpoint);
    if (!model) {
      model = member.create();
      this.models.set(member.endpoint, model);
    }
    return model;
  }
}
