import { isAbortError } from '../errors.js';
import type { Lesson, LessonHit } from './lessons.js';
import type { RepoMemory } from './repo-memory.js';

export interface RecalledChunk {
  path: string;
  startLine: number;
  endLine: number;
  score: number;
}

/** What memory gives the fix loop's context step, and what the journal records of it. */
export interface Recall {
  /** Paths of the best chunks, best first: the loop ranks these files first. */
  files: string[];
  /** Past fixes like this issue, as prompt text. */
  notes: string;
  chunks: RecalledChunk[];
  lessons: Array<{ runId: string; issue: string; score: number }>;
  /** Set when memory could not answer (e.g. the embedding model went away); the run goes on without it. */
  error?: string;
}

/** Lesson text is capped so one past fix cannot crowd out the code. */
const NOTE_CHARS = 600;

function lessonNote(hit: LessonHit): string {
  const note = `- ${hit.issue.trim()} → ${hit.planSummary.trim()} (files: ${hit.files.join(', ') || 'none'})\n  ${hit.diffSummary.trim().replaceAll('\n', '\n  ')}`;
  return note.length > NOTE_CHARS ? `${note.slice(0, NOTE_CHARS - 3)}...` : note;
}

/**
 * The fix loop's memory step: bring the index up to date (a stat comparison when nothing
 * changed), then retrieve the chunks and lessons most like the issue. Memory is an aid,
 * not a gate: a failure other than an abort yields an empty recall that says why.
 */
export function memoryRecall(memory: RepoMemory, limits: { retrieve_chunks: number; retrieve_lessons: number }) {
  return async (issue: string, signal?: AbortSignal): Promise<Recall> => {
    try {
      await memory.index({ signal });
      const chunks = limits.retrieve_chunks > 0 ? await memory.search(issue, { k: limits.retrieve_chunks }) : [];
      const lessons = limits.retrieve_lessons > 0 ? await memory.similarLessons(issue, limits.retrieve_lessons) : [];
      return {
        files: [...new Set(chunks.map((chunk) => chunk.path))],
        notes: lessons.map(lessonNote).join('\n'),
        chunks: chunks.map(({ path, startLine, endLine, score }) => ({ path, startLine, endLine, score })),
        lessons: lessons.map(({ runId, issue: past, score }) => ({ runId, issue: past, score })),
      };
    } catch (error) {
      if (isAbortError(error) || signal?.aborted) throw error;
      return { files: [], notes: '', chunks: [], lessons: [], error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** Diff summary for a lesson: the files' hunks, added and removed lines only, capped. */
export function summarizeDiff(diff: string, maxChars = 1500): string {
  const kept = diff
    .split('\n')
    .filter((line) => line.startsWith('+++ ') || ((line.startsWith('+') || line.startsWith('-')) && !line.startsWith('--- ')))
    .map((line) => (line.startsWith('+++ ') ? line.replace(/^\+\+\+ (b\/)?/, '# ') : line));
  const text = kept.join('\n');
  return text.length > maxChars ? `${text.slice(0, maxChars - 3)}...` : text;
}

/** The lesson a successful fix teaches. */
export function lessonFromFix(issue: string, result: { runId: string; plan: { summary: string } | null; filesChanged: string[]; diff: string }): Lesson {
  return {
    runId: result.runId,
    issue,
    planSummary: result.plan?.summary ?? '',
    files: result.filesChanged,
    diffSummary: summarizeDiff(result.diff),
  };
}
