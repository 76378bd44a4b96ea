// Builds the plan and edit prompts inside a token budget. Required parts (issue, plan,
// format rules, feedback) always go in, or the build fails with ContextOverflowError;
// optional parts (instruction files, file contents, the repo map, the previous reply)
// go in by priority while they fit, and whatever is left out is named in the prompt:
// shrunk, never silently truncated.
import { ContextOverflowError } from '../errors.js';
import { estimateMessagesTokens, estimateTokens } from '../model/token-budget.js';
import type { ChatMessage } from '../model/types.js';
import type { RepoContext } from './context.js';
import { editFormFor, lineCount, type EditFormatSetting, type FileEditForm } from './edit-format.js';
import { excerpt } from './excerpt.js';
import { loadPrompt, renderPrompt } from './prompts.js';
import { keywords } from './relevance.js';
import { repoMapLines } from './repo-map.js';
import type { WorkspaceView } from './workspace.js';

export interface BuiltPrompt {
  messages: ChatMessage[];
  /** Files whose full content is in the prompt, with the edit form asked for. */
  shown: Array<{ path: string; form: FileEditForm }>;
  /** Files that were wanted but left out, and why. */
  omitted: Array<{ path: string; reason: string }>;
  estimatedTokens: number;
}

export interface EditSettings {
  editFormat: EditFormatSetting;
  wholeFileMaxLines: number;
  /** A folder of prompt templates that replace the packaged ones of the same name. */
  promptsDir?: string | undefined;
}

export interface PreviousAttempt {
  reply: string;
  /** The rendered feedback message (edit errors, test output, gate findings). */
  feedback: string;
}

/** Files shown in full at most (the plan's files first, then the best-ranked). */
const MAX_SHOWN_FILES = 8;
/** Instruction files may use at most this share of the optional room. */
const INSTRUCTIONS_SHARE = 0.25;
/** One excerpt may use at most this share of the room left when it is made. */
const EXCERPT_SHARE = 0.5;
/** The repo map is guaranteed at least this share of the optional room when it needs it. */
const MAP_SHARE = 0.15;

interface Candidate {
  path: string;
  exists: boolean;
}

function candidates(context: RepoContext, view: WorkspaceView, planFiles: readonly string[]): Candidate[] {
  const list: Candidate[] = [];
  const seen = new Set<string>();
  for (const file of planFiles) {
    if (seen.has(file) || !view.canRead(file)) continue;
    seen.add(file);
    list.push({ path: file, exists: view.exists(file) });
  }
  for (const { path } of context.ranked) {
    if (list.length >= MAX_SHOWN_FILES) break;
    if (seen.has(path)) continue;
    seen.add(path);
    list.push({ path, exists: true });
  }
  return list;
}

function fileBlock(path: string, text: string, form: FileEditForm | undefined): string {
  const label = form ? ` [edit: ${form}]` : '';
  return `## ${path}${label} (${lineCount(text)} lines)\n\`\`\`\n${text}${text.endsWith('\n') || text === '' ? '' : '\n'}\`\`\`\n`;
}

function instructionsSection(context: RepoContext, room: number, omitted: BuiltPrompt['omitted']): { text: string; tokens: number } {
  let text = '';
  let tokens = 0;
  for (const file of context.instructions) {
    const block = `## ${file.path}\n${file.text.trimEnd()}\n\n`;
    const cost = estimateTokens(block);
    if (tokens + cost <= room) {
      text += block;
      tokens += cost;
    } else {
      omitted.push({ path: file.path, reason: `instruction file of about ${cost} tokens does not fit the context window` });
      text += `## ${file.path}\n(omitted: about ${cost} tokens, too large for the context window)\n\n`;
    }
  }
  return { text: text ? `# Repository instructions\n${text}` : '', tokens };
}

function mapSection(context: RepoContext, view: WorkspaceView, room: number): { text: string; tokens: number } {
  const relevant = context.ranked.map((entry) => entry.path);
  const relevantSet = new Set(relevant);
  const ordered = [...relevant, ...view.files.filter((file) => !relevantSet.has(file) && !context.instructions.some((i) => i.path === file))];
  const lines = repoMapLines(ordered, context.symbols);
  const kept: string[] = [];
  let tokens = 0;
  for (const line of lines) {
    const cost = estimateTokens(line) + 1;
    if (tokens + cost > room) break;
    kept.push(line);
    tokens += cost;
  }
  const rest = lines.length - kept.length;
  const note = rest > 0 ? `\n(... and ${rest} more tracked files, not listed: the context window is full)` : '';
  const hidden = view.hidden.length ? `\n(${view.hidden.length} files hidden by the policy are not shown)` : '';
  return { text: `${kept.sort().join('\n')}${note}${hidden}`, tokens: tokens + estimateTokens(note + hidden) };
}

interface BuildInput {
  kind: 'plan' | 'edit';
  context: RepoContext;
  view: WorkspaceView;
  budget: number;
  planFiles: readonly string[];
  planText?: string;
  settings?: EditSettings;
  previous?: PreviousAttempt | undefined;
  promptsDir?: string | undefined;
}

function build(input: BuildInput, room: number): BuiltPrompt {
  const { context, view } = input;
  const prompt = (name: Parameters<typeof loadPrompt>[0]): string => loadPrompt(name, input.promptsDir ?? input.settings?.promptsDir);
  const system = prompt('system').trim();
  const omitted: BuiltPrompt['omitted'] = [];
  const list = candidates(context, view, input.planFiles);

  // Which edit forms the shown files will need decides which format rules go in.
  const forms = new Map<string, FileEditForm>();
  if (input.kind === 'edit') {
    for (const file of list) {
      const text = file.exists ? view.read(file.path) : '';
      if (text === undefined) continue;
      forms.set(file.path, editFormFor(input.settings!.editFormat, file.exists ? lineCount(text) : undefined, input.settings!.wholeFileMaxLines));
    }
  }
  // SEARCH/REPLACE rules go in whenever a file might be shown as an excerpt (too big for the room).
  const needsDiff = input.settings?.editFormat !== 'whole';
  const format = input.kind === 'edit' ? [prompt('edit-whole').trim(), ...(needsDiff ? [prompt('edit-diff').trim()] : [])].join('\n\n') : '';

  const render = (parts: { instructions: string; map: string; files: string; memory: string }): string =>
    input.kind === 'plan'
      ? renderPrompt(prompt('plan'), {
          issue: context.issue.trim(),
          instructions: parts.instructions,
          repo_map: parts.map,
          files: parts.files,
          memory: parts.memory,
        })
      : renderPrompt(prompt('edit'), {
          issue: context.issue.trim(),
          instructions: parts.instructions,
          repo_map: parts.map,
          plan: input.planText ?? '',
          files: parts.files,
          format,
        });

  const tail: ChatMessage[] = input.previous ? [{ role: 'user', content: input.previous.feedback }] : [];
  const required = estimateMessagesTokens([
    { role: 'system', content: system },
    { role: 'user', content: render({ instructions: '', map: '', files: '', memory: '' }) },
    ...(input.previous ? [{ role: 'assistant' as const, content: '' }] : []),
    ...tail,
  ]);
  if (required > room) throw new ContextOverflowError(required, input.budget);
  let free = room - required;

  const instructions = instructionsSection(context, Math.floor(free * INSTRUCTIONS_SHARE), omitted);
  free -= instructions.tokens;
  const memory = context.memoryNotes && input.kind === 'plan' ? `# Lessons from earlier fixes\n${context.memoryNotes}\n\n` : '';
  const memoryCost = estimateTokens(memory);
  const memoryText = memoryCost <= free * 0.1 ? memory : '';
  free -= estimateTokens(memoryText);
  // The journal lists the recalled lessons: say so when they did not fit.
  if (memory && !memoryText)
    omitted.push({ path: '(lessons from earlier fixes)', reason: `about ${memoryCost} tokens, over their tenth of the context window` });

  const mapReserve = Math.floor(free * MAP_SHARE);
  const words = keywords(`${context.issue}\n${input.planText ?? ''}`);
  const shown: BuiltPrompt['shown'] = [];
  let files = '';
  for (const file of list) {
    if (!file.exists) {
      files += `## ${file.path} (does not exist yet; create it if the plan needs it)\n`;
      continue;
    }
    const text = view.read(file.path);
    if (text === undefined) {
      omitted.push({ path: file.path, reason: 'binary, too large, or not readable under the policy' });
      files += `## ${file.path} (not shown: binary, too large, or not readable under the policy)\n`;
      continue;
    }
    const block = fileBlock(file.path, text, forms.get(file.path));
    const cost = estimateTokens(block);
    if (cost <= free - mapReserve) {
      files += block;
      free -= cost;
      shown.push({ path: file.path, form: forms.get(file.path) ?? 'whole' });
      continue;
    }
    // Too big to show whole: the parts that mention the issue, edited with SEARCH/REPLACE.
    const part = input.settings?.editFormat === 'whole' ? undefined : excerpt(text, words, Math.floor((free - mapReserve) * EXCERPT_SHARE));
    if (part) {
      const ranges = part.ranges.map(([a, b]) => `${a}-${b}`).join(', ');
      const label = input.kind === 'edit' ? ' [edit: diff]' : '';
      const excerptBlock = `## ${file.path}${label} (${lineCount(text)} lines; excerpt: lines ${ranges}; the rest does not fit the context window)\n\`\`\`\n${part.text}\`\`\`\n`;
      files += excerptBlock;
      free -= estimateTokens(excerptBlock);
      shown.push({ path: file.path, form: 'diff' });
      omitted.push({ path: file.path, reason: `excerpt only (lines ${ranges}): the whole file does not fit the context window` });
      continue;
    }
    omitted.push({ path: file.path, reason: `about ${cost} tokens, does not fit the context window` });
    const note = `## ${file.path} (${lineCount(text)} lines; content not shown: it does not fit the context window)\n`;
    files += note;
    free -= estimateTokens(note);
  }
  if (!files) files = '(none found for this issue; see the repository map)\n';

  const map = mapSection(context, view, Math.max(0, free));
  free -= map.tokens;

  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: render({ instructions: instructions.text, map: map.text, files, memory: memoryText }) },
  ];
  if (input.previous) {
    const replyCost = estimateTokens(input.previous.reply);
    const reply = replyCost <= free ? input.previous.reply : `(my previous reply, about ${replyCost} tokens, is omitted: the context window is full)`;
    messages.push({ role: 'assistant', content: reply }, ...tail);
  }
  return { messages, shown, omitted, estimatedTokens: estimateMessagesTokens(messages) };
}

/**
 * Assemble within `budget` tokens. Section estimates are summed, which can undercount
 * slightly; the whole is measured again and rebuilt with less room until it fits.
 */
function buildWithin(input: BuildInput): BuiltPrompt {
  let room = input.budget;
  for (let attempt = 0; attempt < 4; attempt++) {
    const built = build(input, room);
    if (built.estimatedTokens <= input.budget) return built;
    room -= built.estimatedTokens - input.budget + 32;
  }
  const built = build(input, Math.floor(input.budget * 0.8));
  if (built.estimatedTokens > input.budget) throw new ContextOverflowError(built.estimatedTokens, input.budget);
  return built;
}

export function buildPlanPrompt(context: RepoContext, view: WorkspaceView, budget: number, promptsDir?: string): BuiltPrompt {
  return buildWithin({ kind: 'plan', context, view, budget, planFiles: [], promptsDir });
}

export function buildEditPrompt(
  context: RepoContext,
  view: WorkspaceView,
  budget: number,
  plan: { text: string; files: readonly string[] },
  settings: EditSettings,
  previous?: PreviousAttempt,
): BuiltPrompt {
  return buildWithin({ kind: 'edit', context, view, budget, planFiles: plan.files, planText: plan.text, settings, previous });
}
