import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

// All-or-nothing writes: every new content goes to a temp file beside its target first;
// only when all temp files exist are they renamed into place. A failure on the way puts
// back what was already replaced and removes what was created.

export interface PendingWrite {
  abs: string;
  content: string;
  /** The content being replaced; null for a new file. */
  before: string | null;
  /** Permission bits to keep (an executable script stays executable). */
  mode: number | undefined;
}

const tempFor = (abs: string): string => path.join(path.dirname(abs), `.${path.basename(abs)}.oryon-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);

async function writeTemp(abs: string, content: string, mode: number | undefined): Promise<string> {
  const temp = tempFor(abs);
  await writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
  if (mode !== undefined) await chmod(temp, mode);
  return temp;
}

export async function writeAtomically(writes: readonly PendingWrite[]): Promise<void> {
  const createdDirs: string[] = [];
  const temps = new Map<PendingWrite, string>();
  const renamed: PendingWrite[] = [];
  try {
    for (const write of writes) {
      const made = await mkdir(path.dirname(write.abs), { recursive: true });
      if (made !== undefined) createdDirs.push(made);
      temps.set(write, await writeTemp(write.abs, write.content, write.mode));
    }
    for (const write of writes) {
      await rename(temps.get(write)!, write.abs);
      temps.delete(write);
      renamed.push(write);
    }
  } catch (error) {
    await rollback(renamed, [...temps.values()], createdDirs);
    throw error;
  }
}

async function rollback(renamed: readonly PendingWrite[], temps: readonly string[], createdDirs: readonly string[]): Promise<void> {
  const quietly = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch {
      // Best effort: the original error is what the caller needs to see.
    }
  };
  for (const temp of temps) await quietly(() => unlink(temp));
  for (const write of renamed) {
    const before = write.before;
    if (before === null) await quietly(() => unlink(write.abs));
    else await quietly(async () => rename(await writeTemp(write.abs, before, write.mode), write.abs));
  }
  // mkdir -p reports the top directory it made; remove the chain under it if empty.
  for (const dir of [...createdDirs].reverse()) await quietly(() => removeEmptyTree(dir));
}

/** rmdir bottom-up; a directory that is not empty stops it (rmdir refuses). */
async function removeEmptyTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await removeEmptyTree(path.join(dir, entry.name));
  }
  await rmdir(dir);
}
