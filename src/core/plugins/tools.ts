import { ToolError, type ToolDefinition } from '../agent-tools/types.js';
import type { LoadedPlugin } from './types.js';

/** A plugin's tools as model tools, named `plugin.tool`; a tool that throws answers with its error. */
export function pluginTools(plugins: readonly LoadedPlugin[]): ToolDefinition[] {
  return plugins.flatMap((plugin) =>
    plugin.tools.map((tool): ToolDefinition => ({
      name: `${plugin.name}.${tool.name}`,
      description: tool.description,
      level: tool.readOnly ? 'read' : 'run',
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      source: `plugin:${plugin.name}`,
      async invoke(args, context) {
        try {
          const result = await tool.run(args, { worktree: context.worktree });
          return typeof result === 'string' ? result : JSON.stringify(result);
        } catch (error) {
          throw new ToolError(`plugin tool ${plugin.name}.${tool.name} failed: ${(error as Error)?.message ?? String(error)}`);
        }
      },
    })),
  );
}
