import type { Command } from 'commander';
import { BadInputError, ExitCode, InterruptedError, isAbortError } from '../../core/errors.js';
import { lazyEmbedder, RepoMemory, type ForgetTarget, type IndexProgress, type IndexStats, type MemoryChunk } from '../../core/memory/index.js';
import { databasePath, openDatabase, type Database } from '../../core/store/db.js';
import { gitTopLevel } from '../../core/git/top-level.js';
import { loadForReadingCached } from '../cached-context.js';
// Types only: context.ts loads the validating config loader, which memory reaches through
// the settings cache instead (a re-index after one edit should take a blink).
import type { CommonOptions } from '../context.js';
import { out, printJson, progress, styleOut } from '../output.js';

/**
 * Opens the repo's memory, runs `body`, and always closes the database. `embeds: false`
 * (stats, forget, export) defers choosing the embedder, so nothing probes Ollama.
 */
async function withMemory<T>(
  options: CommonOptions,
  body: (memory: RepoMemory, options: CommonOptions, signal: AbortSignal) => Promise<T>,
  { embeds = true }: { embeds?: boolean } = {},
): Promise<T> {
  const repoRoot = gitTopLevel(options.repo ?? process.cwd());
  const { config, policy, home } = await loadForReadingCached(options, repoRoot);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  let db: Database | undefined;
  try {
    // Indexing chooses the embedder (probing Ollama under `auto`) while it scans the tree.
    const embedder = lazyEmbedder(config, { signal: controller.signal, eager: embeds });
    db = openDatabase(databasePath(home));
    return await body(RepoMemory.open(db, repoRoot, embedder, policy), options, controller.signal);
  } catch (error) {
    if (controller.signal.aborted && isAbortError(error)) throw new InterruptedError('interrupted; memory keeps what was indexed so far');
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    db?.close();
  }
}

/** A self-rewriting progress line on a TTY; nothing otherwise (stderr stays clean in pipes). */
function progressLine(started: number): { update: (p: IndexProgress) => void; done: () => void } {
  const tty = Boolean(process.stderr.isTTY);
  let shown = false;
  // The rate counts from the first embedding batch, not from the file scan.
  let embeddingSince = started;
  return {
    update(p) {
      if (!tty) return;
      if (p.embedded === 0) embeddingSince = performance.now();
      const seconds = Math.max(0.001, (performance.now() - embeddingSince) / 1000);
      process.stderr.write(`\r\u001b[2Kindexing: ${p.files} files, ${p.chunks} chunks, ${p.embedded} embedded (${Math.round(p.embedded / seconds)}/s)`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\u001b[2K');
    },
  };
}

function describeIndex(stats: IndexStats): string {
  const rate = stats.ms > 0 ? Math.round((stats.embedded * 1000) / stats.ms) : stats.embedded;
  return `indexed ${stats.files} changed file(s) into ${stats.chunks} chunk(s), embedded ${stats.embedded} (${rate}/s), removed ${stats.removed} file(s) in ${stats.ms} ms with ${stats.embedder}`;
}

export async function memoryIndexCommand(options: { full?: boolean }, command: Command): Promise<number> {
  return memoryIndex({ ...command.optsWithGlobals<CommonOptions>(), full: options.full });
}

/** `oryon memory index`, given its parsed options: what the command and fast-paths.ts run. */
export async function memoryIndex(options: CommonOptions & { full?: boolean | undefined }): Promise<number> {
  return withMemory(options, async (memory, common, signal) => {
    const line = progressLine(performance.now());
    let stats: IndexStats;
    try {
      stats = await memory.index({ full: Boolean(options.full), onProgress: line.update, signal });
    } finally {
      line.done();
    }
    if (common.json) printJson({ ...stats, totals: memory.stats() });
    else out(describeIndex(stats));
    return ExitCode.ok;
  });
}

function parseK(value: string | undefined): number {
  const k = Number(value ?? '10');
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new BadInputError(`-k: expected a whole number from 1 to 1000, got "${value}"`);
  return k;
}

function snippet(chunk: MemoryChunk, lines = 3): string[] {
  return chunk.content
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, lines)
    .map((line) => `    ${line.length > 160 ? `${line.slice(0, 157)}...` : line}`);
}

export async function memorySearchCommand(query: string, options: { k?: string; path?: string; lang?: string }, command: Command): Promise<number> {
  const k = parseK(options.k);
  if (query.trim() === '') throw new BadInputError('memory search: the query is empty');
  return withMemory(command.optsWithGlobals<CommonOptions>(), async (memory, common, signal) => {
    // Cheap when nothing changed (stat comparison); keeps results true to the working tree.
    await memory.index({ signal });
    const results = await memory.search(query, { k, pathGlob: options.path, language: options.lang });
    if (common.json) {
      printJson({ query, results });
      return ExitCode.ok;
    }
    if (results.length === 0) progress('no matches');
    for (const chunk of results) {
      out(`${styleOut.bold(`${chunk.path}:${chunk.startLine}-${chunk.endLine}`)}  ${styleOut.dim(chunk.score.toFixed(4))}`);
      for (const line of snippet(chunk)) out(line);
    }
    return ExitCode.ok;
  });
}

export async function memoryStatsCommand(_options: unknown, command: Command): Promise<number> {
  return withMemory(
    command.optsWithGlobals<CommonOptions>(),
    async (memory, common) => {
      const stats = memory.stats();
      if (common.json) printJson({ repo: memory.repo, ...stats });
      else {
        out(`repo:      ${memory.repo}`);
        out(`files:     ${stats.files}`);
        out(`chunks:    ${stats.chunks}`);
        out(`vectors:   ${stats.vectors}`);
        out(`embedder:  ${stats.embedder}`);
        out(`database:  ${(stats.dbBytes / 1024 / 1024).toFixed(2)} MB`);
      }
      return ExitCode.ok;
    },
    { embeds: false },
  );
}

export async function memoryForgetCommand(options: { all?: boolean; path?: string; run?: string }, command: Command): Promise<number> {
  const chosen = [options.all ? 'all' : undefined, options.path, options.run].filter((value) => value !== undefined);
  if (chosen.length !== 1) throw new BadInputError('memory forget: give exactly one of --all, --path GLOB, --run ID');
  const target: ForgetTarget = options.all ? { all: true } : options.path !== undefined ? { pathGlob: options.path } : { runId: options.run! };
  return withMemory(
    command.optsWithGlobals<CommonOptions>(),
    async (memory, common) => {
      const removed = memory.forget(target);
      if (common.json) printJson({ removed });
      else out(`forgot ${removed} item(s); the database was vacuumed`);
      return ExitCode.ok;
    },
    { embeds: false },
  );
}

export async function memoryExportCommand(_options: unknown, command: Command): Promise<number> {
  return withMemory(
    command.optsWithGlobals<CommonOptions>(),
    async (memory) => {
      for (const record of memory.export()) process.stdout.write(`${JSON.stringify(record)}\n`);
      return ExitCode.ok;
    },
    { embeds: false },
  );
}
