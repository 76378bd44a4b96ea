// A small multi-language repo for memory tests, and a RepoMemory over a temp database.
import path from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { RepoMemory } from '../../../src/core/memory/index.js';
import { createOfflineEmbedder } from '../../../src/core/memory/offline-embedder.js';
import type { Embedder } from '../../../src/core/model/types.js';
import type { Policy } from '../../../src/core/policy/schema.js';
import { openDatabase, type Database } from '../../../src/core/store/db.js';
import { makeRepo, tempDir } from '../../helpers/git-repo.js';

export const FIXTURE_FILES: Record<string, string> = {
  'src/config/load-settings.ts': `import { readFileSync } from 'node:fs';

/** Reads the YAML settings file from disk and merges it over the defaults. */
export function loadSettings(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  return { ...DEFAULTS, ...parseYaml(text) };
}

const DEFAULTS = { retries: 3 };

function parseYaml(text: string): Record<string, unknown> {
  return Object.fromEntries(text.split('\\n').map((line) => line.split(': ')));
}
`,
  'src/text/slug.ts': `/** Turns a title into a URL slug: lower case, dashes between words. */
export function slugify(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export class SlugRegistry {
  private readonly used = new Set<string>();

  /** A slug not handed out before: appends -2, -3... on collisions. */
  unique(title: string): string {
    const base = slugify(title);
    let candidate = base;
    for (let n = 2; this.used.has(candidate); n++) candidate = \`\${base}-\${n}\`;
    this.used.add(candidate);
    return candidate;
  }
}
`,
  'src/math/fib.py': `"""Number helpers."""


def fibonacci(n):
    """Return the n-th Fibonacci number, computed iteratively."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


class PrimeSieve:
    """Sieve of Eratosthenes for prime numbers up to a limit."""

    def __init__(self, limit):
        self.limit = limit

    def primes(self):
        flags = [True] * (self.limit + 1)
        found = []
        for i in range(2, self.limit + 1):
            if flags[i]:
                found.append(i)
                for j in range(i * i, self.limit + 1, i):
                    flags[j] = False
        return found
`,
  'src/net/server.go': `package net

import "net/http"

// StartServer listens on the given address and serves the health check endpoint.
func StartServer(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	return http.ListenAndServe(addr, mux)
}
`,
  'docs/usage.md': `# Usage

Install the package, then run the importer against a CSV export of your invoices.
The importer skips rows whose amount is negative and reports them at the end.
`,
  '.gitignore': 'build/\n',
  '.env': 'SECRET_TOKEN=do-not-index-me\n',
};

export interface MemoryFixture {
  root: string;
  dbFile: string;
  db: Database;
  policy: Policy;
  memory: RepoMemory;
  reopen(embedder?: Embedder): RepoMemory;
}

export function memoryFixture(files: Record<string, string> = FIXTURE_FILES, embedder: Embedder = createOfflineEmbedder()): MemoryFixture {
  const root = makeRepo(files);
  const dbFile = path.join(tempDir('oryon-memdb-'), 'oryon.db');
  const db = openDatabase(dbFile);
  const { policy } = loadConfig({ repoRoot: root, env: { HOME: tempDir('oryon-home-') } });
  return {
    root,
    dbFile,
    db,
    policy,
    memory: RepoMemory.open(db, root, embedder, policy),
    reopen: (other = embedder) => RepoMemory.open(db, root, other, policy),
  };
}
