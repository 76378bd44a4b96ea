import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { trustStorePath } from '../../config/paths.js';
import { BadInputError } from '../errors.js';

// `oryon trust` records, per repo, the SHA-256 of the .oryon files the user reviewed.
// Trust is for those exact bytes: any edit (by the user, a pull, or a sandboxed
// command) needs `oryon trust` again. Kept under ORYON_HOME, which the sandbox never sees.

export const TRUSTED_FILES = ['.oryon/policy.yaml', '.oryon/config.yaml'] as const;

const Entry = z.strictObject({
  repo: z.string(),
  /** Repo-relative file → its SHA-256, or null when the file did not exist. */
  files: z.record(z.string(), z.string().nullable()),
  trusted_at: z.string(),
});
export type TrustEntry = z.infer<typeof Entry>;
const Store = z.strictObject({ version: z.literal(1), repos: z.array(Entry) });
type Store = z.infer<typeof Store>;

/** Digests of the trusted files as they are now (null: absent). */
export type FileDigests = Record<(typeof TRUSTED_FILES)[number], string | null>;

export function readTrustStore(home: string): Store {
  const file = trustStorePath(home);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, repos: [] };
    throw new BadInputError(`${file}: cannot read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = Store.safeParse(parsed);
  if (!result.success) throw new BadInputError(`${file}: not a trust store oryon wrote`, { hint: `remove ${file} and run oryon trust again in each repo` });
  return result.data;
}

function writeTrustStore(home: string, store: Store): void {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const file = trustStorePath(home);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/** The entry for the repo when it matches the files exactly as they are now. */
export function findTrust(home: string, repo: string, digests: FileDigests): TrustEntry | undefined {
  const entry = readTrustStore(home).repos.find((candidate) => candidate.repo === repo);
  if (!entry) return undefined;
  return TRUSTED_FILES.every((name) => (entry.files[name] ?? null) === digests[name]) ? entry : undefined;
}

export function recordTrust(home: string, repo: string, digests: FileDigests, now = new Date()): TrustEntry {
  const store = readTrustStore(home);
  const entry: TrustEntry = { repo, files: { ...digests }, trusted_at: now.toISOString() };
  writeTrustStore(home, { version: 1, repos: [...store.repos.filter((candidate) => candidate.repo !== repo), entry] });
  return entry;
}

/** Forget the repo; false when it was not trusted. */
export function revokeTrust(home: string, repo: string): boolean {
  const store = readTrustStore(home);
  const kept = store.repos.filter((candidate) => candidate.repo !== repo);
  if (kept.length === store.repos.length) return false;
  writeTrustStore(home, { version: 1, repos: kept });
  return true;
}
