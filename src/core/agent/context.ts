import { rankFiles, type RankedFile } from './relevance.js';
import { topLevelSymbols } from './repo-map.js';
import type { WorkspaceView } from './workspace.js';

/** The repo's own instructions for agents, in this order when present. */
export const INSTRUCTION_FILES = ['AGENTS.md', 'CONVENTIONS.md', 'CLAUDE.md', 'GEMINI.md'] as const;

/** What the memory seam may add: paths to rank first and notes (lessons from past fixes). */
/** Anything else the memory reports (chunks, lessons, an error) is journaled as is. */
export interface MemoryRecall {
  files?: string[];
  notes?: string;
}
export type MemorySeam = (issue: string, signal?: AbortSignal) => Promise<MemoryRecall>;

export interface RepoContext {
  issue: string;
  instructions: Array<{ path: string; text: string }>;
  ranked: RankedFile[];
  /** Top-level symbols of the most relevant files. */
  symbols: Map<string, string[]>;
  memoryNotes: string;
  /** What the memory seam returned, for the journal; undefined without memory. */
  recall?: MemoryRecall | undefined;
}

/** How many of the best-ranked files get their symbols in the map. */
const SYMBOL_FILES = 12;

export async function gatherContext(
  view: WorkspaceView,
  issue: string,
  options: { memory?: MemorySeam | undefined; boost?: readonly string[]; signal?: AbortSignal | undefined } = {},
): Promise<RepoContext> {
  const instructions: RepoContext['instructions'] = [];
  for (const file of INSTRUCTION_FILES) {
    const text = view.files.includes(file) ? view.read(file) : undefined;
    if (text !== undefined && text.trim()) instructions.push({ path: file, text });
  }
  const recall: MemoryRecall = options.memory ? await options.memory(issue, options.signal) : {};
  const boost = new Set([...(options.boost ?? []), ...(recall.files ?? []).filter((file) => view.files.includes(file))]);
  const candidates = view.files.filter((file) => !(INSTRUCTION_FILES as readonly string[]).includes(file));
  const ranked = rankFiles(issue, candidates, (file) => view.read(file), boost);
  const symbols = new Map<string, string[]>();
  for (const { path } of ranked.slice(0, SYMBOL_FILES)) {
    const text = view.read(path);
    if (text !== undefined) symbols.set(path, topLevelSymbols(path, text));
  }
  return { issue, instructions, ranked, symbols, memoryNotes: recall.notes?.trim() ?? '', recall: options.memory ? recall : undefined };
}

/** Re-rank with the plan's files first (after the plan names them). */
export function withPlanFiles(context: RepoContext, view: WorkspaceView, planFiles: readonly string[]): RepoContext {
  const candidates = view.files.filter((file) => !(INSTRUCTION_FILES as readonly string[]).includes(file));
  const ranked = rankFiles(context.issue, candidates, (file) => view.read(file), new Set(planFiles));
  const symbols = new Map(context.symbols);
  for (const { path } of ranked.slice(0, SYMBOL_FILES)) {
    if (symbols.has(path)) continue;
    const text = view.read(path);
    if (text !== undefined) symbols.set(path, topLevelSymbols(path, text));
  }
  return { ...context, ranked, symbols };
}
