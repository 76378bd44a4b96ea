// Every temp dir a test run makes (repos, homes, databases) goes under one folder that
// is removed at the end, so repeated runs do not pile up gigabytes in /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'oryon-tests-'));
  // Worker processes start after this and inherit it; os.tmpdir() reads TMPDIR.
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
