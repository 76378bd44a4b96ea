// An "ask" turn: a grounded answer about the code, written nowhere. The prompt carries
// line-numbered excerpts chosen by memory's hybrid search (when the repo is indexed) and
// by oryon's own file ranking, plus any `@path` the user named; the model may look
// further with the read-only tools (ask-tools.ts) and is asked to cite `path:line`, and
// the citations that point at real lines are reported.
import type { ToolCallRecord } from '../agent-tools/session.js';
import { excerpt } from '../agent/excerpt.js';
import { keywords, rankFiles } from '../agent/relevance.js';
import { loadPrompt, renderPrompt } from '../agent/prompts.js';
import { chatWithTools } from '../agent/tool-loop.js';
import type { WorkspaceView } from '../agent/workspace.js';
import type { RepoMemory } from '../memory/repo-memory.js';
import { estimateTokens, promptBudget } from '../model/token-budget.js';
import type { ChatMessage, ChatModel, ChatReply } from '../model/types.js';
import { askTools, type AskToolSettings } from './ask-tools.js';
import type { ChatEvent } from './events.js';

export interface AskInput {
  model: ChatModel;
  view: WorkspaceView;
  memory?: RepoMemory | undefined;
  question: string;
  /** Files the user named with @path. */
  mentioned: readonly string[];
  /** Earlier messages of the thread, oldest first (already trimmed). */
  history: readonly ChatMessage[];
  replyReserve: number;
  signal?: AbortSignal | undefined;
  /** Without it no tool is offered. */
  tools?: AskToolSettings | undefined;
}

export interface AskOutcome {
  reply: ChatReply;
  citations: string[];
  files: string[];
  calls: ToolCallRecord[];
  /** Over every reply of the turn, tool rounds included. */
  tokens: { prompt: number; completion: number };
}

const RANKED_FILES = 4;

/** Streams the answer as `text` events (and each tool call as a `tool-call` event); returns the outcome. */
export async function* answerQuestion(input: AskInput): AsyncGenerator<ChatEvent, AskOutcome> {
  const budget = promptBudget(input.model.numCtx, input.replyReserve);
  const tools = input.tools ? await askTools(input.tools, input, budget) : undefined;
  // With tools on, part of the budget is kept for what they return.
  const contextBudget = Math.floor((budget - (tools?.reserveTokens ?? 0)) * 0.6);
  const words = keywords(input.question);
  const sections: string[] = [];
  const files: string[] = [];
  let used = 0;
  const add = (file: string, body: string): boolean => {
    const cost = estimateTokens(body) + 16;
    if (used + cost > contextBudget) return false;
    sections.push(`### ${file}\n\`\`\`\n${body}\n\`\`\``);
    if (!files.includes(file)) files.push(file);
    used += cost;
    return true;
  };

  for (const file of input.mentioned) {
    const text = input.view.read(file);
    if (text !== undefined) add(file, numbered(text, 1, Math.min(text.split('\n').length, 400)));
  }
  if (input.memory) {
    try {
      for (const chunk of await input.memory.search(input.question, { k: 6 })) {
        if (!input.view.canRead(chunk.path)) continue;
        add(chunk.path, numbered(chunk.content, chunk.startLine));
      }
    } catch {
      // Memory is an aid: without it the ranking below still grounds the answer.
    }
  }
  for (const { path } of rankFiles(input.question, input.view.files, (file) => input.view.read(file)).slice(0, RANKED_FILES)) {
    if (files.includes(path)) continue;
    const text = input.view.read(path);
    if (text === undefined) continue;
    const shown = excerpt(text, words, Math.min(1500, contextBudget - used));
    if (!shown) continue;
    const lines = text.split('\n');
    add(path, shown.ranges.map(([start, end]) => numbered(lines.slice(start, end + 1).join('\n'), start + 1)).join('\n⋮\n'));
  }

  // Always the map of files too: when no excerpt matched, the model can still say where to look.
  const listed = input.view.files.slice(0, 200);
  const map = `Files in the repository${input.view.files.length > listed.length ? ` (first ${listed.length} of ${input.view.files.length})` : ''}:\n${listed.join('\n')}`;
  const context = sections.length ? `Code from the repository:\n\n${sections.join('\n\n')}\n\n${map}` : `No code matched the question.\n\n${map}`;
  const messages: ChatMessage[] = [
    { role: 'system', content: renderPrompt(loadPrompt('chat-ask'), { context }) },
    ...input.history,
    { role: 'user', content: input.question },
  ];
  const run = chatWithTools(input.model, messages, tools?.use, { purpose: 'ask', iteration: 0, signal: input.signal });
  // On the plain-text fallback a tool request is a reply of JSON lines: held back until
  // the round shows it is not one, so the user never sees it as answer text.
  const fallback = tools !== undefined && !tools.use.native;
  let round = '';
  let held = '';
  let next = await run.next();
  while (!next.done) {
    const event = next.value;
    if (event.type === 'model-text') {
      round += event.text;
      if (fallback && mayBeToolRequest(round)) held += event.text;
      else {
        yield { type: 'text', text: held + event.text };
        held = '';
      }
    } else if (event.type === 'tool-call') {
      round = '';
      held = '';
      yield event;
    }
    next = await run.next();
  }
  if (held) yield { type: 'text', text: held };
  const { reply, replies, calls } = next.value;
  const tokens = { prompt: 0, completion: 0 };
  for (const each of replies) {
    tokens.prompt += each.usage.promptTokens || each.estimatedPromptTokens;
    tokens.completion += each.usage.completionTokens;
  }
  return { reply, citations: citations(reply.content, input.view), files, calls, tokens };
}

/** Could the round's text so far still be a plain-text tool request (a JSON line, a fenced one)? */
function mayBeToolRequest(text: string): boolean {
  const start = text.trimStart();
  return start === '' || start.startsWith('{') || start.startsWith('```') || '```'.startsWith(start);
}

function numbered(text: string, firstLine: number, maxLines = Infinity): string {
  const lines = text.replace(/\n$/, '').split('\n').slice(0, maxLines);
  const width = String(firstLine + lines.length - 1).length;
  return lines.map((line, index) => `${String(firstLine + index).padStart(width)}| ${line}`).join('\n');
}

/** `path:line` references in the answer that name a readable file and a line it has. */
export function citations(answer: string, view: WorkspaceView): string[] {
  const found = new Set<string>();
  for (const match of answer.matchAll(/`?([\w@./-]+\.[\w]+):(\d+)(?:-\d+)?`?/g)) {
    const [, file, line] = match;
    const text = view.read(file!);
    if (text !== undefined && Number(line) >= 1 && Number(line) <= text.split('\n').length) found.add(`${file}:${line}`);
  }
  return [...found];
}
