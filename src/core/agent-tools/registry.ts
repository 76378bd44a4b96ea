// oryon's own model tools. A new tool is one file plus one line here.
import { gitLog } from './git-log.js';
import { gitShow } from './git-show.js';
import { grep } from './grep.js';
import { listDir } from './list-dir.js';
import { readFile } from './read-file.js';
import { runCommand } from './run-command.js';
import { searchCode } from './search-code.js';
import type { ToolDefinition, ToolSetting } from './types.js';

export const BUILTIN_TOOLS: readonly ToolDefinition[] = [readFile, listDir, searchCode, grep, runCommand, gitLog, gitShow];

/** The lower of the config's setting and the policy's cap. */
export function effectiveToolSetting(configured: ToolSetting, cap: ToolSetting): ToolSetting {
  const order: ToolSetting[] = ['off', 'read', 'all'];
  return order[Math.min(order.indexOf(configured), order.indexOf(cap))]!;
}

/** The tools a setting offers: none, the read-only ones, or all. */
export function toolsAllowed(tools: readonly ToolDefinition[], setting: ToolSetting): ToolDefinition[] {
  if (setting === 'off') return [];
  return tools.filter((tool) => setting === 'all' || tool.level === 'read');
}
