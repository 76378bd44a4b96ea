// The secrets gate on real open-source code (issue 18, docs/gates.md "On real open-source
// code"): each package below is fetched with `npm pack` (the registry is all this needs),
// unpacked into its own git repository, committed, and checked with the built CLI's
// `oryon gate --all --json`. Prints, per package, the files, the secrets findings, the
// blocking ones and the wall time, then the findings per rule and every blocking one.
//
//   npm run build && node scripts/oss-secrets-run.mjs [--out DIR] [--only fastify,koa] [--list]
//
// --out keeps the tarballs, repositories and JSON reports (default: a temp dir); a package
// already unpacked there, or a tarball already in its tgz/, is reused. --list prints every
// secrets finding, not only blocking. The other gates are summarised per rule as well, and
// their blocking findings listed (--list: all of them).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Pinned, so a re-run sees the same files. Chosen for what they ship: fastify its docs/,
// test/ and examples/; serverless, sails and oauth2-server hundreds of documentation pages; aws-sdk, stripe, openai, twilio and @slack/web-api thousands of
// generated files full of key and token names; the auth packages their READMEs, tests and
// examples about passwords, JWTs and client secrets.
const PACKAGES = [
  'fastify@5.12.8',
  'express@5.3.0',
  'koa@3.3.0',
  '@hapi/hapi@21.4.13',
  'socket.io@4.8.4',
  'passport@0.7.0',
  'passport-jwt@4.0.1',
  'jsonwebtoken@9.0.3',
  'express-jwt@8.5.1',
  'next-auth@4.24.15',
  'axios@1.21.1',
  'got@14.6.6',
  'mongoose@9.13.1',
  'sequelize@6.37.8',
  'knex@3.3.0',
  'stripe@23.2.0',
  'openai@6.49.0',
  '@slack/web-api@8.2.0',
  'twilio@6.3.1',
  'aws-sdk@2.1693.0',
  'firebase-admin@13.10.0',
  '@octokit/rest@22.0.1',
  'nodemailer@10.6.1',
  'node-forge@1.4.4',
  'jsrsasign@11.1.5',
  'keycloak-connect@26.1.1',
  'simple-oauth2@5.1.0',
  'grant@5.4.24',
  'oauth2orize@1.12.0',
  '@fastify/jwt@10.2.8',
  '@fastify/oauth2@8.3.0',
  '@fastify/secure-session@8.4.0',
  '@fastify/session@11.1.3',
  '@fastify/basic-auth@6.3.0',
  '@fastify/cookie@11.1.5',
  'serverless@3.40.0',
  'sails@1.5.18',
  'oauth2-server@3.1.1',
  'parse-server@9.10.0',
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'oryon');

function option(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}
const out = path.resolve(option('--out') ?? mkdtempSync(path.join(tmpdir(), 'oss-secrets-')));
const only = option('--only')?.split(',');
const listAll = process.argv.includes('--list');

if (!existsSync(path.join(root, 'dist', 'cli'))) {
  console.error('build the CLI first: npm run build');
  process.exit(2);
}

/** Pack, unpack and commit one package; the repository's path. */
function prepare(spec) {
  const name = spec.slice(0, spec.lastIndexOf('@')).replace(/^@/, '').replace('/', '__');
  const repo = path.join(out, 'repos', name);
  if (existsSync(path.join(repo, '.git'))) return repo;
  const tarballs = path.join(out, 'tgz');
  mkdirSync(tarballs, { recursive: true });
  // npm's own file name: `@scope/name@1.2.3` → scope-name-1.2.3.tgz.
  let filename = `${spec
    .replace(/^@/, '')
    .replace('/', '-')
    .replace(/@([^@]+)$/, '-$1')}.tgz`;
  if (!existsSync(path.join(tarballs, filename))) {
    [{ filename }] = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--pack-destination', tarballs], { encoding: 'utf8' }));
  }
  mkdirSync(repo, { recursive: true });
  execFileSync('tar', ['xzf', path.join(tarballs, filename), '--strip-components=1', '-C', repo]);
  const git = (...args) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A', '--force');
  git('commit', '-q', '--no-verify', '-m', spec);
  return repo;
}

/** `oryon gate --all --json` in `repo`, with a throwaway ORYON_HOME; the report and the wall time. */
function gate(repo) {
  const home = mkdtempSync(path.join(tmpdir(), 'oss-secrets-home-'));
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, 'gate', '--all', '--json'], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, ORYON_HOME: home },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(`oryon gate failed in ${repo} (exit ${run.status}): ${run.stderr}`);
  return { report: JSON.parse(run.stdout), seconds };
}

const rows = [];
const perRule = new Map();
const otherRules = new Map();
const shown = [];
const otherShown = [];
for (const spec of PACKAGES) {
  if (only && !only.some((name) => spec.startsWith(`${name}@`))) continue;
  const repo = prepare(spec);
  const { report, seconds } = gate(repo);
  const secrets = report.findings.filter((finding) => finding.gate === 'secrets');
  const others = report.findings.filter((finding) => finding.gate !== 'secrets' && finding.blocking);
  writeFileSync(path.join(out, `${path.basename(repo)}.json`), `${JSON.stringify(report, null, 2)}\n`);
  rows.push({
    spec,
    files: report.summary.files,
    findings: secrets.length,
    blocking: secrets.filter((f) => f.blocking).length,
    others: others.length,
    seconds,
  });
  for (const finding of secrets) {
    const entry = perRule.get(finding.rule) ?? { findings: 0, blocking: 0 };
    entry.findings++;
    if (finding.blocking) entry.blocking++;
    perRule.set(finding.rule, entry);
    if (finding.blocking || listAll)
      shown.push(`${spec} ${finding.file}:${finding.line} ${finding.severity}${finding.blocking ? ' BLOCKING' : ''} ${finding.rule} ${finding.message}`);
  }
  for (const finding of report.findings.filter((f) => f.gate !== 'secrets')) {
    const entry = otherRules.get(finding.rule) ?? { findings: 0, blocking: 0 };
    entry.findings++;
    if (finding.blocking) entry.blocking++;
    otherRules.set(finding.rule, entry);
    if (finding.blocking || listAll)
      otherShown.push(`${spec} ${finding.file}:${finding.line} ${finding.severity}${finding.blocking ? ' BLOCKING' : ''} ${finding.rule}`);
  }
}

const total = (key) => rows.reduce((sum, row) => sum + row[key], 0);
console.log(
  `${'package'.padEnd(32)} ${'files'.padStart(6)} ${'secrets'.padStart(8)} ${'blocking'.padStart(9)} ${'other gates blocking'.padStart(21)} ${'time'.padStart(7)}`,
);
for (const row of rows) {
  console.log(
    `${row.spec.padEnd(32)} ${String(row.files).padStart(6)} ${String(row.findings).padStart(8)} ${String(row.blocking).padStart(9)} ${String(row.others).padStart(21)} ${`${row.seconds.toFixed(2)}s`.padStart(7)}`,
  );
}
console.log(
  `${`total (${rows.length} packages)`.padEnd(32)} ${String(total('files')).padStart(6)} ${String(total('findings')).padStart(8)} ${String(total('blocking')).padStart(9)} ${String(total('others')).padStart(21)} ${`${total('seconds').toFixed(1)}s`.padStart(7)}`,
);
console.log('\nsecrets findings per rule (blocking):');
for (const [rule, entry] of [...perRule].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${rule.padEnd(40)} ${entry.findings} (${entry.blocking})`);
console.log(listAll ? '\nsecrets findings:' : '\nblocking secrets findings:');
for (const line of shown) console.log(`  ${line}`);
console.log('\nother gates, findings per rule (blocking):');
for (const [rule, entry] of [...otherRules].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${rule.padEnd(40)} ${entry.findings} (${entry.blocking})`);
console.log(listAll ? '\nother gates, findings:' : '\nother gates, blocking findings:');
for (const line of otherShown) console.log(`  ${line}`);
console.log(`\nreports: ${out} (${readdirSync(out).filter((file) => file.endsWith('.json')).length} JSON files)`);
