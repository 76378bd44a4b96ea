import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../src/config/paths.js';
import type { CheckedFile } from '../src/core/gates/changes.js';
import { scanSecrets } from '../src/core/gates/secrets.js';
import { loadInlineRules, RULES_DIR } from '../src/core/gates/ast-grep.js';
import { astGrepBinary } from '../src/core/tools/ast-grep-bin.js';
import type { BenchResult } from './run.js';
import { interleavedMedians, medianMs } from './stats.js';

// The secrets gate (issue 18). Two figures:
// - `oryon gate --staged` on a 20-file commit, as the pre-commit hook runs it, against
//   `node -e 0`: target 2× the baseline. Measured with the default gates (the security
//   scan's ast-grep process included) and with the in-process gates only
//   (`security.engines: []`), which is what the secrets rule set adds to.
// - A 10 MB tree through scanSecrets, every line "added": four fifths generated source
//   that reads keys and tokens from the environment and headers, one fifth the clean
//   corpus (forms, i18n, enums, settings, OpenAPI, docs, lockfiles), whose every file
//   is about secrets: target ≤ 1 s. Also the same for the clean corpus alone (the
//   densest case: every rule's keywords occur), without a target.

function sourceFile(n: number): string {
  const lines = [`import { readFileSync } from 'node:fs';`, `const config = JSON.parse(readFileSync('config-${n}.json', 'utf8'));`];
  for (let i = 0; i < 20; i++) {
    lines.push(
      `export function handler${n}_${i}(request: Request, token = process.env.API_TOKEN): Response {`,
      `  const key = request.headers.get('x-api-key') ?? config.apiKey;`,
      `  if (!key || key.length < 32) throw new Error('missing api key for tenant ${i}');`,
      `  return fetch(\`https://api.example.com/v1/items/\${${i}}\`, { headers: { Authorization: \`Bearer \${token}\` } });`,
      `}`,
    );
  }
  return lines.join('\n');
}

function tenMegabytes(denseOnly: boolean): CheckedFile[] {
  const cleanRoot = path.join(packageRoot, 'test', 'fixtures', 'secrets', 'clean');
  const corpus = readdirSync(cleanRoot, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => ({
      rel: path.relative(cleanRoot, path.join(entry.parentPath, entry.name)),
      text: readFileSync(path.join(entry.parentPath, entry.name), 'utf8'),
    }));
  const files: CheckedFile[] = [];
  let bytes = 0;
  for (let n = 0; bytes < 10 * 1024 * 1024; n++) {
    const sample = corpus[n % corpus.length]!;
    const generated = !denseOnly && n % 5 !== 0;
    // Through a Buffer: a flat string, as read from disk (repeat() builds a rope).
    const text = Buffer.from(generated ? sourceFile(n) : sample.text.repeat(Math.max(1, Math.round(6000 / sample.text.length)))).toString('utf8');
    const filePath = generated ? `src/mod_${n}.ts` : `pkg${n}/${sample.rel}`;
    const lines = text.split('\n');
    files.push({ path: filePath, content: text, wholeFile: true, removedCount: 0, added: lines.map((line, index) => ({ line: index + 1, text: line })) });
    bytes += Buffer.byteLength(text);
  }
  return files;
}

export async function run(): Promise<BenchResult[]> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'oryon-bench-secrets-'));
  const repo = path.join(base, 'repo');
  mkdirSync(repo);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: path.join(base, 'home'),
    XDG_CONFIG_HOME: path.join(base, 'config'),
    XDG_DATA_HOME: path.join(base, 'data'),
    ORYON_HOME: path.join(base, 'state'),
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, stdio: 'ignore' });
  try {
    git('init', '-q', '-b', 'main');
    mkdirSync(path.join(repo, 'src'));
    const names = Array.from({ length: 20 }, (_, n) => `src/mod_${n}.ts`);
    names.forEach((name, n) => writeFileSync(path.join(repo, name), sourceFile(n)));
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    names.forEach((name, n) => writeFileSync(path.join(repo, name), `${sourceFile(n + 100)}\n`));
    git('add', '-A');

    const bin = path.join(packageRoot, 'bin', 'oryon');
    // node -e 0 and the gate in one environment: a variable such as NODE_EXTRA_CA_CERTS (set
    // on this machine; it makes every node start ~40 ms slower) must weigh on both.
    const pairIn = (runEnv: NodeJS.ProcessEnv) => ({
      baseline: () => spawnSync(process.execPath, ['-e', '0'], { env: runEnv, stdio: 'ignore' }),
      gate: () => spawnSync(process.execPath, [bin, 'gate', '--staged'], { cwd: repo, env: runEnv, stdio: 'ignore' }),
    });
    const { baseline: nodeBare, gate } = pairIn(env);
    if (gate().status !== 0) throw new Error('secrets bench: the clean 20-file commit should pass');
    // The floor under the default gates on this machine: a Node process that does nothing
    // but what they cannot do without, one after the other (git reads the staged diff, then
    // ast-grep scans the files it names), with none of oryon's code.
    const floorScript = path.join(base, 'floor.cjs');
    writeFileSync(
      floorScript,
      [
        `const { execFile } = require('node:child_process');`,
        `const files = ${JSON.stringify(names)};`,
        `execFile('git', ['diff', '--cached', '-U0', '--full-index', '--no-color', '--no-ext-diff', '--no-renames', '--diff-filter=ACMRT'], { encoding: 'buffer', maxBuffer: 1 << 28 }, () =>`,
        `  execFile(${JSON.stringify(astGrepBinary() ?? 'ast-grep')}, ['scan', '--inline-rules', ${JSON.stringify(loadInlineRules(RULES_DIR, new Set(['TypeScript'])))}, '--include-metadata', '--json=stream', '--color', 'never', '--', ...files], { maxBuffer: 1 << 28 }, () => {}));`,
      ].join('\n'),
    );
    const floorRun = () => spawnSync(process.execPath, [floorScript], { cwd: repo, env, stdio: 'ignore' });
    const { baseline, full, floor } = interleavedMedians(15, { baseline: nodeBare, full: gate, floor: floorRun }) as {
      baseline: number;
      full: number;
      floor: number;
    };
    // The same pair with this machine's extra CA bundle, when it has one, as a user here runs it.
    const caBundle = process.env.NODE_EXTRA_CA_CERTS;
    const withCaPair = caBundle ? pairIn({ ...env, NODE_EXTRA_CA_CERTS: caBundle }) : undefined;
    const withCa = withCaPair
      ? (interleavedMedians(15, { baseline: withCaPair.baseline, full: withCaPair.gate }) as { baseline: number; full: number })
      : undefined;
    mkdirSync(path.join(repo, '.oryon'));
    writeFileSync(path.join(repo, '.oryon', 'config.yaml'), 'security:\n  engines: []\n');
    // Dropping the security engines loosens the defaults: trusted, or every gate is refused (exit 4).
    if (spawnSync(process.execPath, [bin, 'trust'], { cwd: repo, env, stdio: 'ignore' }).status !== 0) throw new Error('secrets bench: oryon trust failed');
    if (gate().status !== 0) throw new Error('secrets bench: the 20-file commit should pass without the security engine');
    const { inProcess, baselineAgain } = interleavedMedians(15, { baselineAgain: nodeBare, inProcess: gate }) as { inProcess: number; baselineAgain: number };

    const scanTree = async (tree: CheckedFile[]) => {
      let findings = 0;
      const before = process.cpuUsage();
      const wall = await medianMs(
        5,
        () => {
          findings = scanSecrets(tree).length;
        },
        1,
      );
      const cpu = process.cpuUsage(before);
      if (findings !== 0) throw new Error(`secrets bench: a clean tree gave ${findings} findings`);
      return {
        wall,
        cpuPerRun: (cpu.user + cpu.system) / 1000 / 6,
        megabytes: tree.reduce((sum, file) => sum + Buffer.byteLength(file.content!), 0) / (1024 * 1024),
        files: tree.length,
      };
    };
    const typical = await scanTree(tenMegabytes(false));
    const dense = await scanTree(tenMegabytes(true));
    return [
      { name: 'node -e 0 (baseline)', value: baseline, unit: 'ms' },
      { name: 'oryon gate --staged, 20 files, default gates', value: full, unit: 'ms' },
      { name: 'oryon gate --staged, 20 files, default gates ÷ node -e 0', value: full / baseline, unit: '×', target: 2 },
      { name: 'floor: node running git diff --cached, then ast-grep on its files, no oryon code ÷ node -e 0', value: floor / baseline, unit: '×' },
      { name: 'oryon gate --staged, 20 files, no security engine', value: inProcess, unit: 'ms' },
      { name: 'oryon gate --staged, 20 files, no security engine ÷ node -e 0', value: inProcess / baselineAgain, unit: '×', target: 2 },
      ...(withCa
        ? [
            { name: 'node -e 0 with NODE_EXTRA_CA_CERTS (as set on this machine)', value: withCa.baseline, unit: 'ms' },
            {
              name: 'oryon gate --staged, 20 files, default gates ÷ node -e 0, both with NODE_EXTRA_CA_CERTS',
              value: withCa.full / withCa.baseline,
              unit: '×',
            },
          ]
        : []),
      { name: `secrets scan, ${typical.megabytes.toFixed(1)} MB tree (${typical.files} files), wall`, value: typical.wall, unit: 'ms', target: 1000 },
      { name: `secrets scan, ${typical.megabytes.toFixed(1)} MB tree, CPU per scan`, value: typical.cpuPerRun, unit: 'ms' },
      { name: `secrets scan, ${dense.megabytes.toFixed(1)} MB of the clean corpus only, wall`, value: dense.wall, unit: 'ms' },
      { name: `secrets scan, ${dense.megabytes.toFixed(1)} MB of the clean corpus only, CPU per scan`, value: dense.cpuPerRun, unit: 'ms' },
    ];
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
