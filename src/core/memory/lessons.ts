import type { Embedder } from '../model/types.js';
import type { Database } from '../store/db.js';
import { ftsInsertLesson, ftsSearchLessons } from './fts.js';
import { reciprocalRankFusion } from './hybrid.js';
import { vectorBlob, type VectorStore } from './vector-store.js';

export interface Lesson {
  runId: string;
  issue: string;
  planSummary: string;
  files: string[];
  diffSummary: string;
}

export interface LessonHit extends Lesson {
  score: number;
}

interface LessonRow {
  id: number;
  run_id: string;
  issue: string;
  plan_summary: string;
  files_json: string;
  diff_summary: string;
  embedder_id: number | null;
  vector: Buffer | null;
}

function lessonText(lesson: Pick<Lesson, 'issue' | 'planSummary' | 'files' | 'diffSummary'>): string {
  return `${lesson.issue}\n${lesson.planSummary}\n${lesson.files.join(' ')}\n${lesson.diffSummary}`;
}

/**
 * Past fixes: what was asked, what was planned, which files changed and how. Few per
 * repo, so their vectors sit in a column and are compared in process.
 */
export class Lessons {
  constructor(
    private readonly db: Database,
    private readonly repo: string,
    private readonly embedder: Embedder,
    private readonly vectors: VectorStore,
  ) {}

  async add(lesson: Lesson): Promise<void> {
    const [vector] = await this.embedder.embed([lessonText(lesson)]);
    const row = this.vectors.embedder(this.embedder.id, vector!.length);
    this.db
      .transaction(() => {
        // One lesson per run: a retried run replaces what it taught.
        this.db.prepare('DELETE FROM mem_lessons WHERE repo = ? AND run_id = ?').run(this.repo, lesson.runId);
        const id = Number(
          this.db
            .prepare(
              `INSERT INTO mem_lessons (repo, run_id, issue, plan_summary, files_json, diff_summary, embedder_id, vector, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              this.repo,
              lesson.runId,
              lesson.issue,
              lesson.planSummary,
              JSON.stringify(lesson.files),
              lesson.diffSummary,
              row.id,
              vectorBlob(vector!),
              Date.now(),
            ).lastInsertRowid,
        );
        ftsInsertLesson(this.db, id, lesson.issue, `${lesson.planSummary}\n${lesson.files.join(' ')}\n${lesson.diffSummary}`);
      })
      .immediate();
  }

  /** Past fixes most like this issue: BM25 and cosine ranks fused. */
  async similar(issue: string, k = 3): Promise<LessonHit[]> {
    const rows = this.db.prepare('SELECT * FROM mem_lessons WHERE repo = ?').all(this.repo) as LessonRow[];
    if (rows.length === 0 || k <= 0) return [];
    await this.reembedStale(rows);
    const [query] = await this.embedder.embed([issue]);
    const byVector = rows
      .map((row) => ({ id: row.id, similarity: cosine(query!, fromBlob(row.vector!)) }))
      .sort((a, b) => b.similarity - a.similarity)
      .map((hit) => hit.id);
    const byText = ftsSearchLessons(this.db, this.repo, issue, 50).map((hit) => hit.id);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return reciprocalRankFusion([byText, byVector])
      .slice(0, k)
      .map(({ id, score }) => {
        const row = byId.get(id)!;
        return {
          runId: row.run_id,
          issue: row.issue,
          planSummary: row.plan_summary,
          files: JSON.parse(row.files_json) as string[],
          diffSummary: row.diff_summary,
          score,
        };
      });
  }

  /** Lessons embedded by another embedder (the user switched) get vectors from this one. */
  private async reembedStale(rows: LessonRow[]): Promise<void> {
    const current = this.vectors.latestEmbedder(this.embedder.id)?.id;
    const stale = rows.filter((row) => row.vector === null || row.embedder_id !== current);
    if (stale.length === 0) return;
    const vectors = await this.embedder.embed(
      stale.map((row) =>
        lessonText({ issue: row.issue, planSummary: row.plan_summary, files: JSON.parse(row.files_json) as string[], diffSummary: row.diff_summary }),
      ),
    );
    const embedderRow = this.vectors.embedder(this.embedder.id, vectors[0]!.length);
    const update = this.db.prepare('UPDATE mem_lessons SET embedder_id = ?, vector = ? WHERE id = ?');
    this.db
      .transaction(() => {
        stale.forEach((row, i) => {
          row.vector = vectorBlob(vectors[i]!);
          row.embedder_id = embedderRow.id;
          update.run(embedderRow.id, row.vector, row.id);
        });
      })
      .immediate();
  }
}

function fromBlob(blob: Buffer): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

function cosine(a: number[], b: Float32Array): number {
  if (a.length !== b.length) return -1;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
