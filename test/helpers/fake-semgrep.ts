// A Semgrep stand-in on PATH. Semgrep cannot be installed on CI machines (neither npm nor
// Debian ship it), so this executable takes its place: it checks the arguments oryon
// sends (a scan, local rule files only, metrics and the version check off, JSON out,
// targets that exist, never the registry or a login), waits like Semgrep's own start-up
// when asked to, and replays Semgrep's documented `--json` output, `errors` array included.
import { appendFileSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './git-repo.js';

export interface FakeSemgrepReply {
  /** The reply is for a run whose --config paths include this text. */
  when: string;
  /** Semgrep results; `check_id` is prefixed with the config's folders as Semgrep does, `path` must be a target. */
  results?: Array<{ check_id: string; path: string; line: number; endLine?: number; message?: string; severity?: 'ERROR' | 'WARNING' | 'INFO' }>;
  /** Entries of Semgrep's `errors` array; `{config}` in a string is replaced by the config path passed. */
  errors?: unknown[];
  exitCode?: number;
}

export interface FakeSemgrep {
  /** Put this directory first on PATH. */
  dir: string;
  executable: string;
  /** Every invocation: argv, cwd and the metrics variable. */
  calls(): Array<{ argv: string[]; cwd: string; metrics: string | undefined }>;
}

const SCRIPT = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const here = path.dirname(process.argv[1]);
const scenario = JSON.parse(fs.readFileSync(path.join(here, 'scenario.json'), 'utf8'));
const argv = process.argv.slice(2);
fs.appendFileSync(path.join(here, 'calls.ndjson'), JSON.stringify({ argv, cwd: process.cwd(), metrics: process.env.SEMGREP_SEND_METRICS }) + '\n');
const refuse = (why) => { process.stderr.write('semgrep stand-in: ' + why + '\n'); process.exit(2); };
if (argv[0] === '--version') { process.stdout.write('1.100.0\n'); process.exit(0); }
if (argv[0] !== 'scan') refuse('expected "scan", got ' + JSON.stringify(argv[0]));
for (const flag of ['--metrics=off', '--disable-version-check', '--json']) if (!argv.includes(flag)) refuse('missing ' + flag);
if (process.env.SEMGREP_SEND_METRICS !== 'off') refuse('SEMGREP_SEND_METRICS is not off');
if (argv.some((a) => /^(login|ci|publish)$/.test(a) || a === '--pro' || a.startsWith('--config=')) ) refuse('a registry, login or --config= form: ' + argv.join(' '));
const dash = argv.indexOf('--');
if (dash < 0) refuse('no -- before the targets');
const configs = [];
for (let i = 1; i < dash; i++) if (argv[i] === '--config') configs.push(argv[++i]);
if (configs.length === 0) refuse('no --config');
for (const config of configs) {
  if (!path.isAbsolute(config) || /^(auto|p\/|r\/|s\/|https?:)/.test(config)) refuse('not a local rule file: ' + config);
  if (!fs.existsSync(config)) refuse('no such rule file: ' + config);
}
const targets = argv.slice(dash + 1);
if (targets.length === 0) refuse('no targets');
for (const target of targets) if (!fs.existsSync(path.resolve(target))) refuse('no such target: ' + target);
if (scenario.startupMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, scenario.startupMs);
const reply = scenario.replies.find((r) => configs.some((c) => c.includes(r.when))) || {};
const config = configs.find((c) => c.includes(reply.when || '\0')) || configs[0];
// Semgrep prefixes a local rule's id with the folders of its config file.
const prefix = path.dirname(config).split(path.sep).filter(Boolean).join('.').replace(/^\.+/, '');
const results = (reply.results || []).filter((r) => targets.includes(r.path)).map((r) => ({
  check_id: prefix + '.' + r.check_id,
  path: r.path,
  start: { line: r.line, col: 1, offset: 0 },
  end: { line: r.endLine || r.line, col: 20, offset: 0 },
  extra: { message: r.message || 'matched ' + r.check_id, severity: r.severity || 'ERROR', metadata: {}, lines: '', engine_kind: 'OSS' },
}));
const errors = JSON.parse(JSON.stringify(reply.errors || []).split('{config}').join(config.replace(/\\/g, '\\\\').replace(/"/g, '\\"')));
process.stdout.write(JSON.stringify({ version: '1.100.0', results, errors, paths: { scanned: targets }, skipped_rules: [] }));
process.exit(reply.exitCode || 0);
`;

export function fakeSemgrep(replies: FakeSemgrepReply[] = [], options: { startupMs?: number } = {}): FakeSemgrep {
  const dir = tempDir('oryon-fake-semgrep-');
  const executable = path.join(dir, 'semgrep');
  writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify({ replies, startupMs: options.startupMs ?? 0 }));
  writeFileSync(executable, `#!${process.execPath}\n${SCRIPT}`);
  chmodSync(executable, 0o755);
  appendFileSync(path.join(dir, 'calls.ndjson'), '');
  return {
    dir,
    executable,
    calls: () =>
      readFileSync(path.join(dir, 'calls.ndjson'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { argv: string[]; cwd: string; metrics: string | undefined }),
  };
}
