import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/core/errors.js';
import { isRunAlive, Journal, newRunId, processStartTime, runStory, runSummary } from '../../../src/core/journal/index.js';
import { databasePath, openDatabase } from '../../../src/core/store/db.js';
import { tempDir } from '../../helpers/git-repo.js';

function open(home = tempDir('oryon-journal-')) {
  const db = openDatabase(databasePath(home));
  return { home, db, journal: new Journal(db) };
}

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const run = (id: string, startedAt: number, pid = process.pid) => ({
  id,
  repo: '/repo',
  issue: `issue ${id}`,
  mode: 'operator',
  model: 'm',
  baseRef: 'abc',
  pid,
  startedAt,
});

describe('Journal', () => {
  it('records runs and steps and lists newest first', () => {
    const { journal } = open();
    journal.createRun(run('r-old', 1000));
    journal.createRun(run('r-new', 2000));
    journal.addStep('r-new', {
      iteration: 0,
      kind: 'plan',
      prompt: 'p',
      reply: 'r',
      thinking: 't',
      tokensIn: 10,
      tokensOut: 5,
      modelMs: 7,
      wallMs: 9,
      outcome: 'ok',
      detail: { a: 1 },
      startedAt: 2001,
    });
    journal.addStep('r-new', { iteration: 1, kind: 'test', wallMs: 3, outcome: 'passed', startedAt: 2002 });
    journal.updateRun('r-new', { status: 'succeeded', branch: 'oryon/x', commit_sha: 'c0ffee', finished_at: 2100 });
    journal.addDecision('r-new', '/repo', { kind: 'mode', subject: 'operator', allowed: true, rule: 'max_mode', reason: 'ok' });

    expect(journal.listRuns({ repo: '/repo' }).map((r) => r.id)).toEqual(['r-new', 'r-old']);
    expect(journal.listRuns({ repo: '/elsewhere' })).toEqual([]);
    const steps = journal.steps('r-new');
    expect(steps.map((s) => [s.seq, s.kind, s.outcome])).toEqual([
      [1, 'plan', 'ok'],
      [2, 'test', 'passed'],
    ]);
    expect(steps[0]).toMatchObject({ prompt: 'p', reply: 'r', thinking: 't', tokens_in: 10, tokens_out: 5, model_ms: 7, wall_ms: 9, detail_json: '{"a":1}' });
    expect(journal.getRun('r-new')).toMatchObject({ status: 'succeeded', branch: 'oryon/x', commit_sha: 'c0ffee', finished_at: 2100 });
    expect(journal.decisions('r-new')).toHaveLength(1);
  });

  it('finds a run by unique prefix and refuses unknown or ambiguous ones', () => {
    const { journal } = open();
    journal.createRun(run('20261121-0700-aa', 1));
    journal.createRun(run('20261121-0700-ab', 2));
    expect(journal.findRun('20261121-0700-aa').id).toBe('20261121-0700-aa');
    expect(journal.findRun('20261121-0700-ab').id).toBe('20261121-0700-ab');
    expect(() => journal.findRun('20261121-0700-a')).toThrow(/ambiguous/);
    expect(() => journal.findRun('nope')).toThrow(BadInputError);
    expect(() => journal.findRun('2026%')).toThrow(BadInputError);
  });

  it('marks runs left running by a dead process as interrupted when opened', () => {
    const { home, journal, db } = open();
    journal.createRun(run('dead-run', 1, deadPid()));
    journal.createRun(run('live-run', 2, process.pid));
    db.close();
    const reopened = open(home).journal;
    expect(reopened.getRun('dead-run')).toMatchObject({ status: 'interrupted' });
    expect(reopened.getRun('dead-run')!.finished_at).toBeGreaterThan(0);
    expect(reopened.getRun('live-run')).toMatchObject({ status: 'running' });
  });

  it.skipIf(!existsSync('/proc/self/stat'))('marks a run interrupted when its pid now belongs to a process that started later', () => {
    const { home, journal, db } = open();
    journal.createRun(run('reused-pid', 1, process.pid));
    expect(journal.getRun('reused-pid')!.pid_started).toBe(processStartTime(process.pid));
    // Same pid, another start time: the run's own process is gone and the pid was reused.
    db.prepare("UPDATE runs SET pid_started = '1' WHERE id = 'reused-pid'").run();
    journal.createRun(run('still-ours', 2, process.pid));
    db.close();
    const reopened = open(home).journal;
    expect(reopened.getRun('reused-pid')).toMatchObject({ status: 'interrupted' });
    expect(reopened.getRun('still-ours')).toMatchObject({ status: 'running' });
    expect(isRunAlive(reopened.getRun('still-ours')!)).toBe(true);
  });

  it('continues step numbering across journal instances', () => {
    const { home, journal } = open();
    journal.createRun(run('r', 1));
    journal.addStep('r', { iteration: 0, kind: 'context', wallMs: 1, outcome: 'ok', startedAt: 1 });
    const again = open(home).journal;
    again.addStep('r', { iteration: 1, kind: 'edit', wallMs: 1, outcome: 'applied', startedAt: 2 });
    expect(again.steps('r').map((s) => s.seq)).toEqual([1, 2]);
  });

  it('makes sortable, path-safe run ids', () => {
    const a = newRunId(new Date('2026-11-21T07:02:25Z'));
    expect(a).toMatch(/^20261121-070225-[0-9a-f]{6}$/);
    expect(path.basename(a)).toBe(a);
    expect(newRunId(new Date('2026-11-21T07:02:26Z')) > a).toBe(true);
  });
});

describe('runStory', () => {
  it('reads a run back as one document: context, memory, tests, decisions, findings', () => {
    const { journal } = open();
    journal.createRun(run('r1', 1000));
    journal.addStep('r1', {
      iteration: 0,
      kind: 'context',
      wallMs: 4,
      outcome: 'ok',
      detail: {
        files: 3,
        hidden: 1,
        instructions: ['AGENTS.md'],
        ranked: [{ path: 'a.py', score: 40 }],
        omitted: [],
        test: ['pytest'],
        memory: { files: ['a.py'], chunks: [{ path: 'a.py', startLine: 1, endLine: 9, score: 0.5 }], lessons: [] },
      },
      startedAt: 1001,
    });
    journal.addStep('r1', { iteration: 0, kind: 'plan', tokensIn: 100, tokensOut: 20, modelMs: 50, wallMs: 60, outcome: 'ok', startedAt: 1002 });
    journal.addStep('r1', { iteration: 1, kind: 'edit', tokensIn: 200, tokensOut: 30, modelMs: 70, wallMs: 80, outcome: 'applied', startedAt: 1003 });
    journal.addStep('r1', {
      iteration: 1,
      kind: 'test',
      prompt: 'pytest',
      reply: '1 failed',
      wallMs: 900,
      outcome: 'failed',
      detail: { command: ['pytest'], exitCode: 1, failed: 1, timedOut: false, durationMs: 890 },
      startedAt: 1004,
    });
    journal.addDecision('r1', '/repo', { kind: 'path', subject: '.env', allowed: false, rule: 'paths.deny', reason: 'hidden' });
    journal.addFinding('r1', '/repo', { gate: 'lint', rule: 'E1', severity: 'high', file: 'a.py', line: 3, message: 'bad', blocking: true });
    journal.updateRun('r1', {
      status: 'failed',
      finished_at: 3000,
      summary_json: JSON.stringify({ iterations: 1, diffstat: ' 1 file changed' }),
      plan_json: '{"summary":"s"}',
    });

    const story = runStory(journal, 'r1');
    expect(story).toMatchObject({
      run_id: 'r1',
      status: 'failed',
      iterations: 1,
      wall_ms: 2000,
      tokens: { prompt: 300, completion: 50 },
      model_ms: 120,
      diffstat: ' 1 file changed',
      plan: { summary: 's' },
      context: { files: 3, hidden: 1, instructions: ['AGENTS.md'], test: ['pytest'] },
      memory: { chunks: [{ path: 'a.py', startLine: 1, endLine: 9, score: 0.5 }] },
      tests: [{ iteration: 1, outcome: 'failed', exitCode: 1, failed: 1, output: '1 failed' }],
      decisions: [{ kind: 'path', subject: '.env', allowed: false, rule: 'paths.deny' }],
      findings: [{ gate: 'lint', file: 'a.py', line: 3, blocking: true }],
    });
    expect(story.context).not.toHaveProperty('memory');
    expect(story.steps.map((s) => s.kind)).toEqual(['context', 'plan', 'edit', 'test']);
    expect(runSummary(journal.getRun('r1')!)).toEqual({
      run_id: 'r1',
      status: 'failed',
      mode: 'operator',
      model: 'm',
      issue: 'issue r1',
      repo: '/repo',
      branch: null,
      commit: null,
      iterations: 1,
      started_at: new Date(1000).toISOString(),
      wall_ms: 2000,
    });
  });

  it('a run with no steps yet has no context or memory, and a running one no wall time', () => {
    const { journal } = open();
    journal.createRun(run('r2', 1000));
    expect(runStory(journal, 'r2')).toMatchObject({
      status: 'running',
      context: null,
      memory: null,
      plan: null,
      tests: [],
      steps: [],
      wall_ms: null,
      iterations: null,
    });
  });
});
