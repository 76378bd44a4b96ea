// One chat session: a thread of turns on one repo. A turn is an answer (ask), the real
// fix loop (change), or a slash command; each yields ChatEvents and never throws for
// what a user can recover from (model down, policy refusal, failing tests), so the
// session goes on. Front ends (line mode, ink) only render the events and send input.
import type { Config, Mode } from '../../config/schema.js';
import type { ApprovalPort, GatesSeam } from '../agent/options.js';
import { branchFor } from '../agent/slug.js';
import { WorkspaceView } from '../agent/workspace.js';
import { OryonError, isAbortError } from '../errors.js';
import { currentBranch, resolveCommit, trackedFiles, uniqueBranch } from '../git/index.js';
import type { Journal } from '../journal/journal.js';
import type { RepoMemory } from '../memory/repo-memory.js';
import type { ChatMessage, ChatModel } from '../model/types.js';
import { decideMode } from '../policy/decide.js';
import type { FixEvent } from '../agent/events.js';
import type { LoadedPlugin } from '../plugins/types.js';
import type { Policy } from '../policy/schema.js';
import type { SandboxRunner } from '../sandbox/types.js';
import { complete, helpText, parseInput, type PluginSlash, type SlashName } from './commands.js';
import type { ChatEvent, TurnKind } from './events.js';
import { classifyIntent } from './intent.js';
import { findPluginCommand, pluginSlashes, runPluginCommand } from './plugin-command.js';
import { dropLastChange, threadDiff } from './thread-branch.js';
import type { ThreadRow, ThreadStore } from './thread-store.js';

export interface ChatSessionOptions {
  repoRoot: string;
  config: Config;
  policy: Policy;
  home: string;
  model: ChatModel;
  /** For /model: a client for another model name. */
  createModel: (name: string) => ChatModel;
  sandbox: SandboxRunner;
  journal: Journal;
  threads: ThreadStore;
  /** Memory, opened on first use (it loads sqlite-vec): the prompt never waits for it. */
  memory?: (() => Promise<RepoMemory>) | undefined;
  gates?: GatesSeam | undefined;
  approve: ApprovalPort;
  /** Reopen this thread instead of starting one. */
  resume?: ThreadRow | undefined;
  /** Told the run a change turn is making (and null after), so sandbox decisions are journaled on it. */
  onRun?: ((runId: string | null) => void) | undefined;
  /** Every event of a change turn's run, as `oryon fix` sees it (the structured log). */
  onRunEvent?: ((event: FixEvent) => void) | undefined;
  /** Loaded plugins (only when `plugins:` lists some): their commands join the slash commands. */
  plugins?: readonly LoadedPlugin[] | undefined;
}

/** Messages of the thread given to the model as history (the rest stays in SQLite). */
const HISTORY_MESSAGES = 8;

export class ChatSession {
  private thread: ThreadRow;
  private model: ChatModel;
  private mode: Mode;
  private readonly resumed: boolean;
  private filesCache: string[] | undefined;
  private readonly pluginSlashes: PluginSlash[];
  readonly usage = { prompt: 0, completion: 0, modelMs: 0 };

  constructor(private readonly options: ChatSessionOptions) {
    this.model = options.model;
    this.mode = decideMode(options.policy, options.config.agent.mode).mode;
    this.resumed = options.resume !== undefined;
    this.pluginSlashes = pluginSlashes(options.plugins ?? []);
    this.thread = options.resume ?? options.threads.create(options.repoRoot, options.model.name, this.mode);
  }

  get threadId(): string {
    return this.thread.id;
  }

  get status(): { model: string; mode: Mode; branch: string | null; numCtx: number } {
    return { model: this.model.name, mode: this.mode, branch: this.thread.branch, numCtx: this.model.numCtx };
  }

  start(): ChatEvent {
    return {
      type: 'session',
      threadId: this.thread.id,
      resumed: this.resumed,
      branch: this.thread.branch,
      model: this.model.name,
      mode: this.mode,
      messages: this.options.threads.count(this.thread.id),
    };
  }

  /** Tab completion for the input line (slash commands, @paths). */
  async completions(line: string): Promise<string[]> {
    this.filesCache ??= await trackedFiles(this.options.repoRoot).catch(() => []);
    return complete(line, this.filesCache, this.pluginSlashes);
  }

  async *send(input: string, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    const parsed = parseInput(input, this.pluginSlashes);
    if (parsed.kind === 'empty') return;
    if (parsed.kind === 'unknown-command') {
      yield { type: 'error', message: `unknown command ${parsed.name}`, hint: 'type /help for the list' };
      return;
    }
    if (parsed.kind === 'plugin-command') {
      const found = findPluginCommand(this.options.plugins ?? [], parsed.plugin, parsed.name);
      if (found) yield* runPluginCommand(found.plugin, found.command, parsed.arg, this.options.repoRoot, signal);
      return;
    }
    if (parsed.kind === 'command') {
      if (parsed.name === '/ask' || parsed.name === '/fix') {
        if (!parsed.arg) {
          yield { type: 'error', message: `${parsed.name} needs ${parsed.name === '/ask' ? 'a question' : 'a change request'}` };
          return;
        }
        const message = parseInput(parsed.arg);
        const mentioned = message.kind === 'message' ? message.mentioned : [];
        yield* this.turn(parsed.name === '/ask' ? 'ask' : 'change', true, parsed.arg, mentioned, signal);
        return;
      }
      yield* this.command(parsed.name, parsed.arg);
      yield { type: 'turn-end', kind: 'command', cancelled: false };
      return;
    }
    let kind: TurnKind;
    try {
      kind = await classifyIntent(this.model, this.history(), parsed.text, signal);
    } catch (error) {
      yield* this.failure(error, signal);
      return;
    }
    yield* this.turn(kind, false, parsed.text, parsed.mentioned, signal);
  }

  private async *turn(kind: TurnKind, forced: boolean, text: string, mentioned: string[], signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    yield { type: 'turn-start', kind, forced };
    const history = this.history();
    this.options.threads.addMessage(this.thread.id, 'user', text);
    try {
      if (kind === 'ask') yield* this.ask(text, mentioned, history, signal);
      else yield* this.change(text, signal, mentioned);
      yield { type: 'turn-end', kind, cancelled: false };
    } catch (error) {
      yield* this.failure(error, signal, kind);
    }
  }

  private async *ask(question: string, mentioned: string[], history: ChatMessage[], signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    const started = Date.now();
    const { repoRoot, config, policy, journal, threads } = this.options;
    const view = new WorkspaceView(repoRoot, await trackedFiles(repoRoot), policy);
    // Loaded on first use: the prompt shows before the answer and fix machinery loads.
    const { answerQuestion } = await import('./ask.js');
    const outcome = yield* answerQuestion({
      model: this.model,
      view,
      memory: await this.options.memory?.(),
      question,
      mentioned: mentioned.filter((file) => view.canRead(file)),
      history,
      replyReserve: config.model.reply_reserve_tokens,
      signal,
      // Each tool call is kept in the thread; a refusal is journaled as the repo's decision (no run).
      tools: {
        agent: config.agent,
        policy,
        repoRoot,
        record: (call) => {
          threads.addToolCall(this.thread.id, call);
          for (const decision of call.decisions) journal.addDecision(null, repoRoot, decision);
        },
      },
    });
    this.count(outcome.tokens.prompt, outcome.tokens.completion, Date.now() - started);
    threads.addMessage(this.thread.id, 'assistant', outcome.reply.content, { tokens: outcome.tokens.completion });
    yield { type: 'answer', text: outcome.reply.content, citations: outcome.citations, tokens: outcome.tokens, ms: Date.now() - started };
  }

  private async *change(request: string, signal?: AbortSignal, mentioned: readonly string[] = []): AsyncGenerator<ChatEvent> {
    const { repoRoot } = this.options;
    if (this.thread.branch && (await currentBranch(repoRoot)) === this.thread.branch) {
      throw new OryonError(`the thread's branch ${this.thread.branch} is checked out in your working tree`, 1, {
        hint: `check out another branch (git switch -), then ask again; oryon never moves the branch you are on`,
      });
    }
    const base = this.thread.branch ? await resolveCommit(repoRoot, this.thread.branch) : await resolveCommit(repoRoot, 'HEAD');
    const branch = this.thread.branch ?? (await uniqueBranch(repoRoot, branchFor(request)));
    const [{ runFix }, { memoryRecall }, memory] = await Promise.all([import('../agent/loop.js'), import('../memory/recall.js'), this.options.memory?.()]);
    const fix = runFix({
      repoRoot,
      issue: this.issueWithContext(request),
      config: this.options.config,
      policy: this.options.policy,
      home: this.options.home,
      model: this.model,
      sandbox: this.options.sandbox,
      journal: this.options.journal,
      mode: this.mode,
      base,
      signal,
      gates: this.options.gates,
      memory: memory ? memoryRecall(memory, this.options.config.memory) : undefined,
      approve: this.mode === 'advisor' ? undefined : this.options.approve,
      branch,
      focusFiles: mentioned,
    });
    let next;
    try {
      next = await fix.next();
      while (!next.done) {
        if (next.value.type === 'run-started') this.options.onRun?.(next.value.runId);
        this.options.onRunEvent?.(next.value);
        yield { type: 'fix', event: next.value };
        next = await fix.next();
      }
    } finally {
      this.options.onRun?.(null);
    }
    const { error, ...result } = next.value;
    this.count(result.tokens.prompt, result.tokens.completion, result.modelMs);
    if (result.commit && !this.thread.branch) {
      this.options.threads.update(this.thread.id, { branch, base });
      this.thread = { ...this.thread, branch, base };
    }
    const summary =
      result.status === 'succeeded' && result.commit
        ? `committed ${result.commit.slice(0, 10)} on ${result.branch}: ${result.plan?.summary ?? request}`
        : result.status === 'succeeded'
          ? `proposed (advisor mode, nothing written): ${result.plan?.summary ?? request}`
          : `not done: ${result.reason ?? result.status}`;
    this.options.threads.addMessage(this.thread.id, 'assistant', summary, { runId: result.runId, tokens: result.tokens.completion });
    if (result.status === 'interrupted') throw error instanceof Error ? error : new DOMException('interrupted', 'AbortError');
    if (result.status === 'error') throw error;
    yield { type: 'change-done', result };
    // "e" at the approval: the request becomes the next change turn, from the same base.
    if (result.editRequest) yield* this.change(`${request}\n\nReviewer's request after seeing the diff: ${result.editRequest}`, signal, mentioned);
  }

  private async *command(name: Exclude<SlashName, '/ask' | '/fix'>, arg: string): AsyncGenerator<ChatEvent> {
    const { threads, repoRoot, policy, journal } = this.options;
    switch (name) {
      case '/help':
        yield { type: 'info', message: helpText(this.pluginSlashes) };
        return;
      case '/mode': {
        if (!['advisor', 'operator', 'autopilot', 'sovereign'].includes(arg)) {
          yield { type: 'error', message: `unknown mode ${JSON.stringify(arg)}`, hint: 'one of advisor, operator, autopilot, sovereign' };
          return;
        }
        const decision = decideMode(policy, arg as Mode);
        this.mode = decision.mode;
        threads.update(this.thread.id, { mode: this.mode });
        yield { type: 'info', message: decision.allowed ? `mode: ${this.mode}` : `mode capped at ${this.mode}: ${decision.reason}` };
        return;
      }
      case '/model':
        if (!arg) {
          yield { type: 'info', message: `model: ${this.model.name}` };
          return;
        }
        this.model = this.options.createModel(arg);
        threads.update(this.thread.id, { model: arg });
        yield { type: 'info', message: `model: ${arg}` };
        return;
      case '/diff':
        yield {
          type: 'info',
          message: this.thread.branch && this.thread.base ? await threadDiff(repoRoot, this.thread.base, this.thread.branch) : 'no changes in this thread yet',
        };
        return;
      case '/undo': {
        const message = await dropLastChange(repoRoot, this.thread, threads.messages(this.thread.id), journal);
        yield { type: 'info', message };
        return;
      }
      case '/runs': {
        const ids = threads
          .messages(this.thread.id)
          .map((m) => m.run_id)
          .filter((id): id is string => Boolean(id));
        const lines = ids.map((id) => {
          const run = journal.getRun(id);
          return `  ${id}  ${run?.status ?? '?'}  ${run?.branch ?? ''} ${run?.commit_sha?.slice(0, 10) ?? ''}`.trimEnd();
        });
        yield { type: 'info', message: lines.length ? `runs of this thread (oryon runs show ID):\n${lines.join('\n')}` : 'no runs in this thread yet' };
        return;
      }
      case '/clear':
        this.thread = threads.create(repoRoot, this.model.name, this.mode);
        yield this.start();
        return;
      case '/exit':
        yield { type: 'exit' };
        return;
    }
  }

  private async *failure(error: unknown, signal: AbortSignal | undefined, kind?: TurnKind): AsyncGenerator<ChatEvent> {
    if (signal?.aborted || isAbortError(error)) {
      yield { type: 'info', message: 'cancelled' };
      yield { type: 'turn-end', kind: kind ?? 'ask', cancelled: true };
      return;
    }
    const hint = error instanceof OryonError ? error.hint : undefined;
    yield { type: 'error', message: error instanceof Error ? error.message : String(error), ...(hint ? { hint } : {}) };
    yield { type: 'turn-end', kind: kind ?? 'ask', cancelled: false };
  }

  private history(): ChatMessage[] {
    return this.options.threads.recent(this.thread.id, HISTORY_MESSAGES).map((m) => ({ role: m.role === 'user' ? 'user' : 'assistant', content: m.content }));
  }

  /** A follow-up change carries the thread's earlier requests, so "also handle…" has its referent. */
  private issueWithContext(request: string): string {
    const earlier = this.options.threads
      .messages(this.thread.id)
      .filter((m) => m.role === 'assistant' && m.run_id && m.content.startsWith('committed'))
      .slice(-3)
      .map((m) => `- ${m.content.replace(/^committed \S+ on \S+: /, '')}`);
    return earlier.length ? `${request}\n\nEarlier changes in this conversation (already committed on this branch):\n${earlier.join('\n')}` : request;
  }

  private count(prompt: number, completion: number, ms: number): void {
    this.usage.prompt += prompt;
    this.usage.completion += completion;
    this.usage.modelMs += ms;
  }
}
