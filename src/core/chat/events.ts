import type { Mode } from '../../config/schema.js';
import type { FixEvent, FixResult, ToolCallEvent } from '../agent/events.js';

// The chat session speaks only in these events; line mode prints them, the ink UI
// renders them, --json writes them as lines, tests assert on them.

export type TurnKind = 'ask' | 'change';

export type ChatEvent =
  | { type: 'session'; threadId: string; resumed: boolean; branch: string | null; model: string; mode: Mode; messages: number }
  | { type: 'turn-start'; kind: TurnKind; forced: boolean }
  | { type: 'text'; text: string }
  /** A read-only tool call of an ask turn (purpose `ask`); a change turn's come inside `fix`. */
  | ToolCallEvent
  | { type: 'answer'; text: string; citations: string[]; tokens: { prompt: number; completion: number }; ms: number }
  | { type: 'fix'; event: FixEvent }
  | { type: 'change-done'; result: Omit<FixResult, 'error'> }
  | { type: 'info'; message: string }
  | { type: 'error'; message: string; hint?: string }
  | { type: 'turn-end'; kind: TurnKind | 'command'; cancelled: boolean }
  | { type: 'exit' };
