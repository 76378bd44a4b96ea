// The edit engine: model text with SEARCH/REPLACE or whole-file blocks in, file changes
// out — parsed tolerantly, matched strictly, written atomically.

export type { ApplyOptions, ApplyResult, BlockResult, EditBlock, FileChange, ParseError, PathGuard } from './types.js';
export { parseEditBlocks } from './parse.js';
export { applyEditText } from './apply.js';
export { unifiedDiff, describeChanges, formatStats, type FileStat } from './diff.js';
