import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { decidePath, type Decision } from '../policy/decide.js';
import type { Policy } from '../policy/schema.js';

/** Files larger than this are never read into a prompt (they would not fit anyway). */
const MAX_READ_BYTES = 512 * 1024;

/**
 * The model's view of the worktree: tracked files the policy lets it read, with a read
 * cache that edits invalidate. Files the policy hides never leave this object.
 */
export class WorkspaceView {
  private readonly cache = new Map<string, string | undefined>();
  private readonly realRoot: string;
  readonly files: string[];
  readonly hidden: Decision[];

  constructor(
    readonly root: string,
    tracked: readonly string[],
    private readonly policy: Policy,
  ) {
    this.realRoot = realpathSync(root);
    this.files = [];
    this.hidden = [];
    for (const file of tracked) {
      const decision = decidePath(policy, file, 'read');
      if (decision.allowed) this.files.push(file);
      else this.hidden.push(decision);
    }
  }

  canRead(file: string): boolean {
    return decidePath(this.policy, file, 'read').allowed;
  }

  /** Text of a readable file; undefined when hidden (also through a symlink), missing, binary or too large. */
  read(file: string): string | undefined {
    if (this.cache.has(file)) return this.cache.get(file);
    let text: string | undefined;
    const full = this.canRead(file) ? this.readablePath(file) : undefined;
    if (full) {
      try {
        // A FIFO or device planted by the tests would hang or flood the read.
        const info = statSync(full);
        if (info.isFile() && info.size <= MAX_READ_BYTES) {
          const buffer = readFileSync(full);
          text = buffer.includes(0) ? undefined : buffer.toString('utf8');
        }
      } catch {
        text = undefined;
      }
    }
    this.cache.set(file, text);
    return text;
  }

  /**
   * The real path to read, or undefined when a symlink would lead the read outside the
   * worktree or onto a file the policy hides: a tracked `notes.txt -> .env` (or -> ~/.ssh/…)
   * must not carry the target's text into a prompt under an innocent name.
   */
  private readablePath(file: string): string | undefined {
    let real: string;
    try {
      real = realpathSync(path.join(this.root, file));
    } catch {
      return undefined;
    }
    const rel = path.relative(this.realRoot, real);
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
    const relPosix = rel.split(path.sep).join('/');
    return relPosix === file || this.canRead(relPosix) ? real : undefined;
  }

  exists(file: string): boolean {
    try {
      return statSync(path.join(this.root, file)).isFile();
    } catch {
      return false;
    }
  }

  /** After an edit: forget cached text and learn about created files. */
  changed(files: readonly string[]): void {
    for (const file of files) {
      this.cache.delete(file);
      if (!this.files.includes(file) && this.canRead(file)) this.files.push(file);
    }
  }
}
