// The public shapes of the edit engine. The fix loop, chat and `oryon apply` all speak these.

export interface EditBlock {
  /** 1-based ordinal among all blocks of the reply, malformed ones included. */
  index: number;
  path: string;
  kind: 'search-replace' | 'whole-file';
  /** Lines joined with \n, each ending in \n; '' for an empty section. */
  search: string;
  replace: string;
  /** 1-based line of the block (its SEARCH marker or opening fence) in the model text. */
  line: number;
  /**
   * When the content holds `=======` lines too: every way to split the block, longest
   * SEARCH first. The file decides which one is meant (see apply.ts).
   */
  readings?: Array<{ search: string; replace: string }>;
}

export interface ParseError {
  /** 1-based ordinal among all blocks of the reply. */
  index: number;
  /** 1-based line in the model text where the block starts. */
  line: number;
  message: string;
}

export type PathGuard = (relPath: string) => { allowed: true } | { allowed: false; rule: string; reason: string };

export interface ApplyOptions {
  /** Validate and compute the diff, but write nothing. */
  dryRun?: boolean;
  /** Called with each resolved repo-relative path before anything is changed. */
  pathGuard?: PathGuard;
  /** Files a short path may stand for; default: `git ls-files` in repoRoot. */
  trackedFiles?: string[];
  /** Files the model was shown: a misplaced path ("path/to/app.py") prefers these. */
  shownFiles?: string[];
}

export interface BlockResult {
  index: number;
  /** The resolved repo-relative path (the path as written when it could not be resolved). */
  path: string;
  status: 'applied' | 'already-applied' | 'created' | 'failed' | 'denied';
  /** Which tolerance found the match when it was not exact. */
  tolerance?: string;
  /** Why it failed, or a note about how it applied. */
  message?: string;
  /** The rule that refused the block's path (a policy rule, or `paths.inside-repo`). */
  rule?: string;
}

export interface FileChange {
  path: string;
  /** null when the file is new. */
  before: string | null;
  after: string;
}

export interface ApplyResult {
  /** Every block applied (or was already there) and nothing was malformed; only then was anything written. */
  ok: boolean;
  blocks: BlockResult[];
  parseErrors: ParseError[];
  /** The changes the blocks make in memory; on disk only when ok and not a dry run. */
  changes: FileChange[];
  /** Unified diff and `git diff --stat`-style summary of `changes`. */
  diff: string;
  diffstat: string;
  /** '' when ok; otherwise the message to send back to the model. */
  feedback: string;
  /** Some block's path was refused by the path guard. */
  denied: boolean;
}
