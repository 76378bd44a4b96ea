import { realpathSync, statSync } from 'node:fs';
import { picomatch } from '../fs/glob.js';
import type { Embedder } from '../model/types.js';
import type { Policy } from '../policy/schema.js';
import type { Database } from '../store/db.js';
import { exportMemory, type ExportRecord } from './export.js';
import { forgetMemory, type ForgetTarget } from './forget.js';
import { ftsSearchChunks } from './fts.js';
import { reciprocalRankFusion } from './hybrid.js';
import { indexRepo, type IndexProgress, type IndexStats } from './indexer.js';
import { Lessons, type Lesson, type LessonHit } from './lessons.js';
import { VectorStore } from './vector-store.js';

export interface MemoryChunk {
  path: string;
  startLine: number;
  endLine: number;
  language: string;
  content: string;
  /** Reciprocal-rank-fusion score: higher is better; comparable within one search only. */
  score: number;
}

export interface SearchOptions {
  k?: number;
  pathGlob?: string;
  language?: string;
}

export interface MemoryStats {
  files: number;
  chunks: number;
  vectors: number;
  embedder: string;
  dbBytes: number;
}

/** Candidates taken from each ranking before fusion. */
const FUSION_DEPTH = 30;

/** One repo's memory: its code index, its lessons, and the ways to query and forget them. */
export class RepoMemory {
  private readonly vectors: VectorStore;
  private readonly lessons: Lessons;

  private constructor(
    private readonly db: Database,
    /** The repo's absolute real path: the key of all its rows. */
    readonly repo: string,
    private readonly repoRoot: string,
    private readonly embedder: Embedder,
    private readonly policy: Policy,
  ) {
    this.vectors = new VectorStore(db);
    this.lessons = new Lessons(db, repo, embedder, this.vectors);
  }

  static open(db: Database, repoRoot: string, embedder: Embedder, policy: Policy): RepoMemory {
    const real = realpathSync(repoRoot);
    return new RepoMemory(db, real, real, embedder, policy);
  }

  index(options: { full?: boolean; onProgress?: (p: IndexProgress) => void; signal?: AbortSignal } = {}): Promise<IndexStats> {
    return indexRepo({ db: this.db, repo: this.repo, repoRoot: this.repoRoot, policy: this.policy, embedder: this.embedder, vectors: this.vectors }, options);
  }

  /** Hybrid search: BM25 and vector ranks fused; optional path glob and language filters. */
  async search(query: string, options: SearchOptions = {}): Promise<MemoryChunk[]> {
    const k = Math.max(1, options.k ?? 10);
    const depth = Math.max(FUSION_DEPTH, 3 * k);
    const filtered = options.pathGlob !== undefined || options.language !== undefined;
    const among = filtered ? this.filteredIds(options) : undefined;
    const allowed = among ? new Set(among) : undefined;

    const textIds = ftsSearchChunks(this.db, this.repo, query, filtered ? depth * 20 : depth, options.language)
      .map((hit) => hit.id)
      .filter((id) => !allowed || allowed.has(id))
      .slice(0, depth);
    const vectorIds = (await this.vectorSearch(query, depth, among)).map((hit) => hit.id);

    const row = this.db.prepare('SELECT path, start_line, end_line, language, content FROM mem_chunks WHERE id = ?');
    const definitionIds = definitionsAmong(query, textIds, (id) => (row.get(id) as { content: string } | undefined)?.content);
    const fused = reciprocalRankFusion([textIds, vectorIds, definitionIds]).slice(0, k);
    return fused.flatMap(({ id, score }) => {
      const chunk = row.get(id) as { path: string; start_line: number; end_line: number; language: string; content: string } | undefined;
      return chunk ? [{ path: chunk.path, startLine: chunk.start_line, endLine: chunk.end_line, language: chunk.language, content: chunk.content, score }] : [];
    });
  }

  addLesson(lesson: Lesson): Promise<void> {
    return this.lessons.add(lesson);
  }

  similarLessons(issue: string, k = 3): Promise<LessonHit[]> {
    return this.lessons.similar(issue, k);
  }

  stats(): MemoryStats {
    const one = (sql: string): number => this.db.prepare(sql).pluck().get(this.repo) as number;
    const embedderName = this.db
      .prepare('SELECT e.name FROM mem_repos r JOIN mem_embedders e ON e.id = r.embedder_id WHERE r.repo = ?')
      .pluck()
      .get(this.repo) as string | undefined;
    return {
      files: one('SELECT count(*) FROM mem_files WHERE repo = ?'),
      chunks: one('SELECT count(*) FROM mem_chunks WHERE repo = ?'),
      vectors: one('SELECT count(*) FROM mem_chunks WHERE repo = ? AND embedder_id IS NOT NULL'),
      embedder: embedderName ?? this.embedder.id,
      dbBytes: fileBytes(this.db.name) + fileBytes(`${this.db.name}-wal`),
    };
  }

  forget(target: ForgetTarget): number {
    // The chunks go with their files (a cascade), and their triggers reach the vec0 tables.
    this.vectors.load();
    return forgetMemory(this.db, this.repo, target);
  }

  export(): Iterable<ExportRecord> {
    return exportMemory(this.db, this.repo);
  }

  private filteredIds(options: SearchOptions): number[] {
    const rows = (
      options.language
        ? this.db.prepare('SELECT id, path FROM mem_chunks WHERE repo = ? AND language = ?').all(this.repo, options.language)
        : this.db.prepare('SELECT id, path FROM mem_chunks WHERE repo = ?').all(this.repo)
    ) as Array<{ id: number; path: string }>;
    if (options.pathGlob === undefined) return rows.map((row) => row.id);
    const matcher = picomatch(options.pathGlob, { dot: true });
    const verdicts = new Map<string, boolean>();
    return rows
      .filter((row) => {
        let verdict = verdicts.get(row.path);
        if (verdict === undefined) verdicts.set(row.path, (verdict = matcher(row.path)));
        return verdict;
      })
      .map((row) => row.id);
  }

  private async vectorSearch(query: string, k: number, among: number[] | undefined) {
    const [vector] = await this.embedder.embed([query]);
    if (!vector || vector.length === 0) return [];
    const row = this.vectors.findEmbedder(this.embedder.id, vector.length);
    // Nothing was embedded by this embedder yet: text ranking alone.
    if (!row) return [];
    return this.vectors.search(row, this.repo, Float32Array.from(vector), k, among);
  }
}

/**
 * Chunks (among the text hits) that define an identifier named in the query: asking for
 * `decidePath` should put its definition before its call sites.
 */
function definitionsAmong(query: string, ids: number[], content: (id: number) => string | undefined): number[] {
  const identifiers = (query.match(/[A-Za-z_][A-Za-z0-9_]{2,}/g) ?? []).filter((word) => /[a-z][A-Z]|_|^[A-Z]/.test(word));
  if (identifiers.length === 0) return [];
  const defines = identifiers.map(
    (name) =>
      new RegExp(
        `(\\b(function\\*?|class|def|fn|func|interface|type|enum|struct|trait|const|let|var|module)\\s+${name}\\b)|^\\s*(async\\s+)?${name}\\s*[(<]`,
        'm',
      ),
  );
  return ids.filter((id) => {
    const head = (content(id) ?? '').split('\n', 6).join('\n');
    return defines.some((pattern) => pattern.test(head));
  });
}

function fileBytes(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}
