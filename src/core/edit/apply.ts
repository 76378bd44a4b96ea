import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeChanges, formatStats } from './diff.js';
import { matchElided } from './elision.js';
import { ambiguousMessage, composeFeedback, notFoundMessage } from './feedback.js';
import { unwrapSections } from './inner-fence.js';
import { dominantEol, parseDoc, renderDoc, spliceDoc, textLines, type TextDoc } from './line-endings.js';
import { matchBasic, matchBlock, type Found } from './match.js';
import { isElision, isLazyComment } from './markers.js';
import { listRepoFiles, resolveEditPath } from './paths.js';
import { parseEditBlocks } from './parse.js';
import type { ApplyOptions, ApplyResult, BlockResult, EditBlock, FileChange } from './types.js';
import { writeAtomically } from './write.js';

// Model text in, file changes out. Every block is applied in memory, in order (a later
// block sees an earlier block's result); the files are written only when every block
// succeeded, so a failed reply leaves the tree exactly as it was.

interface FileState {
  rel: string;
  abs: string;
  before: string | null;
  doc: TextDoc;
  mode: number | undefined;
}

type Outcome = Omit<BlockResult, 'index' | 'path'>;

const fail = (message: string): Outcome => ({ status: 'failed', message });

export async function applyEditText(repoRoot: string, modelText: string, options: ApplyOptions = {}): Promise<ApplyResult> {
  const realRoot = await realpath(repoRoot);
  const files = options.trackedFiles ?? listRepoFiles(realRoot);
  const parsed = parseEditBlocks(modelText, { bareNames: bareNames(files) });
  const session = new EditSession(realRoot, files, options);
  const blocks: BlockResult[] = [];
  for (const block of parsed.blocks) blocks.push(await session.apply(block));

  const changes = session.changes();
  const { diff, stats } = describeChanges(changes.map((c) => c.change));
  const succeeded = blocks.every((b) => b.status !== 'failed' && b.status !== 'denied');
  const ok = parsed.errors.length === 0 && parsed.blocks.length > 0 && succeeded;
  if (ok && !options.dryRun && changes.length > 0) {
    await writeAtomically(changes.map((c) => ({ abs: c.abs, content: c.change.after, before: c.change.before, mode: c.mode })));
  }
  return {
    ok,
    blocks,
    parseErrors: parsed.errors,
    changes: changes.map((c) => c.change),
    diff,
    diffstat: formatStats(stats),
    feedback: ok ? '' : composeFeedback(blocks, parsed.errors, parsed.blocks.length + parsed.errors.length),
    denied: blocks.some((b) => b.status === 'denied'),
  };
}

class EditSession {
  private readonly states = new Map<string, FileState>();

  constructor(
    private readonly realRoot: string,
    private readonly files: readonly string[],
    private readonly options: ApplyOptions,
  ) {}

  async apply(block: EditBlock): Promise<BlockResult> {
    // A SEARCH of nothing but blank lines may be a spurious blank line in an empty SEARCH.
    const blankSearch = block.kind === 'search-replace' && block.search.trim() === '';
    const mode = block.kind === 'whole-file' ? 'either' : blankSearch ? 'create' : 'existing';
    // A file an earlier block created exists for the later ones, though only in memory.
    const pending = new Set([...this.states.values()].filter((s) => s.before === null).map((s) => s.rel));
    const resolved = resolveEditPath(this.realRoot, block.path, this.files, mode, { pending, shown: this.options.shownFiles ?? [] });
    if (!resolved.ok) return { index: block.index, path: block.path, ...fail(resolved.reason), ...(resolved.rule ? { rule: resolved.rule } : {}) };
    const at = { index: block.index, path: resolved.rel };
    const outcome = await this.edit(block, resolved.rel, resolved.abs, resolved.exists, blankSearch);
    if (!resolved.note || outcome.status === 'failed' || outcome.status === 'denied') return { ...at, ...outcome };
    return { ...at, ...outcome, message: outcome.message ? `${resolved.note}; ${outcome.message}` : resolved.note };
  }

  /** The block on its resolved file: the policy's say, then the edit in memory. */
  private async edit(block: EditBlock, rel: string, abs: string, exists: boolean, blankSearch: boolean): Promise<Outcome> {
    const realRel = path.relative(this.realRoot, abs).split(path.sep).join('/');
    for (const candidate of new Set([rel, realRel])) {
      const verdict = this.options.pathGuard?.(candidate);
      if (verdict && !verdict.allowed) {
        return { status: 'denied', rule: verdict.rule, message: `refused by policy rule ${verdict.rule}: ${verdict.reason}` };
      }
    }

    const state = await this.load(rel, abs, exists);
    if (typeof state === 'string') return fail(state);
    if (block.kind === 'whole-file') return wholeFile(state, block);
    // Blank lines still match blank lines in a file that has some; only a missing or
    // empty file makes them an empty SEARCH.
    const empty = state.doc.lines.length === 0 && state.doc.bom === '';
    if (block.search === '' || (blankSearch && empty)) return createFile(state, block);
    const outcome = searchReplace(state, block);
    // Blank lines found nowhere: say what an empty SEARCH means rather than show a window.
    return blankSearch && outcome.status === 'failed' ? createFile(state, block) : outcome;
  }

  private async load(rel: string, abs: string, exists: boolean): Promise<FileState | string> {
    const known = this.states.get(abs);
    if (known) return known;
    let state: FileState;
    if (exists) {
      const bytes = await readFile(abs);
      if (bytes.includes(0)) return `${rel} is a binary file; edits only change text files`;
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch {
        return `${rel} is not UTF-8 text; edits only change UTF-8 files`;
      }
      state = { rel, abs, before: text, doc: parseDoc(text), mode: (await stat(abs)).mode & 0o7777 };
    } else {
      state = { rel, abs, before: null, doc: parseDoc(''), mode: undefined };
    }
    this.states.set(abs, state);
    return state;
  }

  changes(): Array<{ abs: string; mode: number | undefined; change: FileChange }> {
    const out: Array<{ abs: string; mode: number | undefined; change: FileChange }> = [];
    for (const state of this.states.values()) {
      const after = renderDoc(state.doc);
      if (after === state.before) continue;
      out.push({ abs: state.abs, mode: state.mode, change: { path: state.rel, before: state.before, after } });
    }
    return out;
  }
}

/** Extensionless file names (and paths) in the repo: a line holding one alone names that file. */
function bareNames(files: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const base = path.posix.basename(file);
    if (base.includes('.')) continue;
    names.add(file);
    names.add(base);
  }
  return names;
}

/** Content with the file's own line endings and final-newline habit. */
function fitToFile(doc: TextDoc, text: string): TextDoc {
  const lines = textLines(text);
  if (doc.lines.length === 0) return { ...parseDoc(text), bom: doc.bom };
  const eol = dominantEol(doc);
  const finalEol = doc.eols[doc.eols.length - 1] === '' ? '' : eol;
  return { bom: doc.bom, lines, eols: lines.map((_, i) => (i === lines.length - 1 ? finalEol : eol)) };
}

function wholeFile(state: FileState, block: EditBlock): Outcome {
  const existing = state.doc.lines.length > 0;
  if (existing && block.replace === '') {
    return fail(`the whole-file block for ${state.rel} is empty; to remove lines, use SEARCH/REPLACE with an empty REPLACE`);
  }
  const lazy = lazyLine(textLines(block.replace), state.doc.lines);
  if (existing && lazy !== undefined) {
    return fail(
      `the whole-file block for ${state.rel} leaves code out ("${lazy.trim()}"); writing it would delete that code. Write the complete file, or use SEARCH/REPLACE blocks for the lines that change.`,
    );
  }
  const next = fitToFile(state.doc, block.replace);
  if (renderDoc(next) === renderDoc(state.doc) && (state.before !== null || state.doc.lines.length > 0)) {
    return { status: 'already-applied', message: 'the file already has this content' };
  }
  const created = state.before === null && state.doc.lines.length === 0;
  state.doc = next;
  return { status: created ? 'created' : 'applied' };
}

function createFile(state: FileState, block: EditBlock): Outcome {
  const existing = state.doc.lines.length > 0 || state.doc.bom !== '';
  if (existing) {
    if (renderDoc(fitToFile(state.doc, block.replace)) === renderDoc(state.doc)) {
      return { status: 'already-applied', message: 'the file already has this content' };
    }
    return fail(
      `SEARCH is empty, which creates a new file, but ${state.rel} already exists and is not empty. To change it, put the exact lines to replace in SEARCH.`,
    );
  }
  const created = state.before === null;
  state.doc = { ...parseDoc(block.replace), bom: state.doc.bom };
  const outcome: Outcome = { status: created ? 'created' : 'applied' };
  return block.search === '' ? outcome : { ...outcome, tolerance: 'blank-lines' };
}

/**
 * Each reading of the block (one, unless its content holds ======= lines) in turn,
 * longest SEARCH first: the first the file confirms is applied. When none is in the
 * file, the parser's own reading decides what to report.
 */
function searchReplace(state: FileState, block: EditBlock): Outcome {
  const readings = block.readings ?? [block];
  for (const reading of readings) {
    const outcome = locateAndEdit(state, textLines(reading.search), textLines(reading.replace));
    if (outcome) return outcome;
  }
  // Only when the literal text is nowhere: sections the model wrapped in a fence of their own.
  for (const reading of readings) {
    const unwrapped = unwrapSections(reading, state.rel);
    if (!unwrapped) continue;
    const outcome = locateAndEdit(state, textLines(unwrapped.search), textLines(unwrapped.replace));
    if (outcome)
      return outcome.status === 'applied' ? { ...outcome, tolerance: outcome.tolerance ? `inner-fence, ${outcome.tolerance}` : 'inner-fence' } : outcome;
  }
  const search = textLines(block.search);
  const replace = textLines(block.replace);
  if (distinctive(search, replace) && matchBasic(state.doc.lines, replace, replace).kind !== 'none') {
    return { status: 'already-applied', message: 'the SEARCH lines are gone and the REPLACE lines are already in the file' };
  }
  return fail(notFoundMessage(state.rel, state.doc.lines, search));
}

/** Applies one reading where the file has its SEARCH; undefined when the file does not. */
function locateAndEdit(state: FileState, search: readonly string[], replace: readonly string[]): Outcome | undefined {
  const file = state.doc.lines;
  const crlf = dominantEol(state.doc) === '\r\n';
  const lazy = lazyLine(replace, search, file);
  if (lazy !== undefined) {
    return fail(`REPLACE leaves code out ("${lazy.trim()}"); writing it would delete that code. Write out every line REPLACE should contain.`);
  }
  const outcome = matchBlock(file, search, replace);

  if (outcome.kind === 'found') {
    if (alreadyThere(file, outcome, search, replace)) {
      return { status: 'already-applied', message: 'the REPLACE lines are already in place' };
    }
    spliceDoc(state.doc, outcome.start, outcome.length, outcome.replacement);
    const tolerance = outcome.tolerance === 'exact' ? (crlf ? 'line-endings' : undefined) : outcome.tolerance;
    return tolerance ? { status: 'applied', tolerance } : { status: 'applied' };
  }
  if (outcome.kind === 'ambiguous') return fail(ambiguousMessage(state.rel, outcome.starts, outcome.length, outcome.tolerance));

  const elided = matchElided(file, search, replace);
  if (elided.kind === 'found') {
    for (const region of [...elided.regions].reverse()) spliceDoc(state.doc, region.start, region.length, region.replacement);
    return { status: 'applied', tolerance: 'elision' };
  }
  if (elided.kind === 'failed') return fail(elided.message);
  return undefined;
}

/**
 * SEARCH still matches, but REPLACE only added lines around it and those are already
 * there: applying again would duplicate them (a reply re-applied, an insertion repeated).
 */
function alreadyThere(file: readonly string[], found: Found, search: readonly string[], replace: readonly string[]): boolean {
  if (found.tolerance !== 'exact' || replace.length <= search.length) return false;
  for (let offset = 0; offset + search.length <= replace.length; offset++) {
    let inside = true;
    for (let j = 0; j < search.length && inside; j++) inside = replace[offset + j] === search[j];
    if (!inside) continue;
    const start = found.start - offset;
    if (start < 0 || start + replace.length > file.length) continue;
    let same = true;
    for (let j = 0; j < replace.length && same; j++) same = file[start + j] === replace[j];
    if (same) return true;
  }
  return false;
}

/**
 * A "... existing code ..." comment in new text that the old text does not have. An
 * elision answering one in the old text is the elision tolerance's to judge.
 */
function lazyLine(lines: readonly string[], ...old: ReadonlyArray<readonly string[]>): string | undefined {
  const lazy = lines.filter(isLazyComment);
  if (lazy.length === 0) return undefined;
  const known = new Set(old.flat().map((l) => l.trim()));
  const elides = old.some((ls) => ls.some(isElision));
  return lazy.find((l) => !known.has(l.trim()) && !(elides && isElision(l)));
}

/** REPLACE says enough to recognise it: a new line that is more than brackets and punctuation. */
function distinctive(search: readonly string[], replace: readonly string[]): boolean {
  const old = new Set(search.map((l) => l.trim()));
  return replace.some((l) => !old.has(l.trim()) && /[\p{L}\p{N}]/u.test(l));
}
