// What a plugin module exports (default export, or `plugin`): a name, and any of gates,
// tools for the model, and slash commands for chat. Validated with zod at load.
import type { Severity } from '../policy/schema.js';

export interface PluginFile {
  path: string;
  /** The content under check (undefined for a binary file). */
  content: string | undefined;
  /** Changed lines (1-based) with their text; every line for a new file or an explicit path. */
  added: Array<{ line: number; text: string }>;
}

export interface PluginFinding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  message: string;
}

export interface PluginGate {
  name: string;
  run(context: { repoRoot: string; files: PluginFile[] }): PluginFinding[] | Promise<PluginFinding[]>;
}

export interface PluginTool {
  name: string;
  description: string;
  /** JSON schema of the arguments. */
  parameters?: Record<string, unknown>;
  /** Only reads (offered under agent.tools: read); default false. */
  readOnly?: boolean;
  run(args: Record<string, unknown>, context: { worktree: string }): string | Promise<string>;
}

export interface PluginCommand {
  name: string;
  description: string;
  /** `args` is the rest of the line after `/name`; `signal` aborts when the user cancels the turn. */
  run(args: string, context: { repoRoot: string; signal?: AbortSignal }): string | Promise<string>;
}

export interface PluginDefinition {
  name: string;
  gates: PluginGate[];
  tools: PluginTool[];
  commands: PluginCommand[];
}

export interface LoadedPlugin extends PluginDefinition {
  /** Where it was loaded from (a file path or a package name). */
  source: string;
}
