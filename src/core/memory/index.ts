// The memory layer's public face: what the fix loop and the CLI use.
export { createEmbedder, lazyEmbedder } from './embedder-factory.js';
export { RepoMemory, type MemoryChunk, type MemoryStats, type SearchOptions } from './repo-memory.js';
export type { IndexStats, IndexProgress } from './indexer.js';
export type { Lesson, LessonHit } from './lessons.js';
export type { ForgetTarget } from './forget.js';
export type { ExportRecord } from './export.js';
export { createOfflineEmbedder, OFFLINE_EMBEDDER_ID } from './offline-embedder.js';
export { memoryRecall, lessonFromFix, summarizeDiff, type Recall, type RecalledChunk } from './recall.js';
