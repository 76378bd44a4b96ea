export { isRunAlive, Journal, type NewRun, type RunUpdate } from './journal.js';
export { isPidAlive, processStartTime } from './pid.js';
export { newRunId } from './run-id.js';
export type { DecisionRow, FindingRow, NewDecision, NewFinding, NewStep, RunRow, RunStatus, StepKind, StepRow } from './types.js';
export { RUN_STATUSES } from './types.js';
export { runStory, runSummary, type RunStory, type RunSummary } from './run-story.js';
