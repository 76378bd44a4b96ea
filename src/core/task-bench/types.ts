import type { EditFormatSetting } from '../agent/edit-format.js';

/** One configuration under test: every task runs under each. */
export interface BenchConfiguration {
  /** How tables and charts name it, e.g. `qwen2.5-coder:7b` or `qwen2.5-coder:7b/diff`. */
  label: string;
  model: string;
  editFormat: EditFormatSetting;
  /** A folder of prompt templates overriding the packaged ones; null: the packaged prompts. */
  prompts: string | null;
}

export type TaskStatus = 'passed' | 'failed' | 'broken' | 'error' | 'interrupted';

/** One task under one configuration (one repeat): a row in SQLite and a line in history.jsonl. */
export interface TaskResult {
  benchId: string;
  suite: string;
  config: string;
  model: string;
  editFormat: EditFormatSetting;
  task: string;
  level: number;
  language: string;
  repeat: number;
  status: TaskStatus;
  /** passed[i]: the grading tests passed by try i+1 (pass@1, pass@2...). */
  passed: boolean[];
  iterations: number;
  editFailures: number;
  promptTokens: number;
  completionTokens: number;
  modelMs: number;
  /** The task's own test runs (grading and the broken-task check). */
  testMs: number;
  /** The broken-task check alone (part of testMs). */
  checkMs: number;
  /** The fix loop's own wall time (runFix, start to end). */
  fixMs: number;
  wallMs: number;
  runId: string | null;
  seed: number | null;
  temperature: number;
  error: string | null;
  finishedAt: number;
}

export interface BenchRunInfo {
  id: string;
  suite: string;
  startedAt: number;
  finishedAt: number | null;
  status: 'running' | 'finished' | 'interrupted';
  tries: number;
  repeat: number;
  jobs: number;
  seed: number | null;
  curriculum: boolean;
  configs: BenchConfiguration[];
}
