// Loads the plugins the config lists, only when it lists some: a local ESM file (a path,
// resolved from the repository root) or an npm package (resolved as the repository's
// own code would). A plugin that cannot be found or exports the wrong shape stops the
// command with exit 2, naming it: the user asked for it by name.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { isBuiltinCommand } from '../chat/commands.js';
import { BadInputError } from '../errors.js';
import { SEVERITIES } from '../policy/schema.js';
import type { LoadedPlugin, PluginDefinition } from './types.js';

const fn = () => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { error: 'expected a function' });
const name = () => z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'expected a lowercase name of letters, digits, _ and -' });

export const PluginSchema = z.strictObject({
  name: name(),
  gates: z.array(z.strictObject({ name: name(), run: fn() })).default([]),
  tools: z
    .array(
      z.strictObject({
        name: name(),
        description: z.string().min(1),
        parameters: z.record(z.string(), z.unknown()).optional(),
        readOnly: z.boolean().optional(),
        run: fn(),
      }),
    )
    .default([]),
  commands: z.array(z.strictObject({ name: name(), description: z.string().min(1), run: fn() })).default([]),
});

/** A gate's findings, checked: a plugin's bad output fails its own gate, not the run. */
export const PluginFindings = z.array(
  z.strictObject({
    rule: z.string().min(1),
    severity: z.enum(SEVERITIES),
    file: z.string(),
    line: z.number().int().min(0),
    message: z.string().min(1),
  }),
);

export async function loadPlugins(specs: readonly string[], repoRoot: string): Promise<LoadedPlugin[]> {
  const plugins: LoadedPlugin[] = [];
  for (const spec of specs) {
    const file = resolvePlugin(spec, repoRoot);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new BadInputError(`plugins: ${spec}: failed to load: ${(error as Error).message}`, {
        hint: 'fix the plugin or remove it from plugins: in the config',
      });
    }
    const parsed = PluginSchema.safeParse(module.default ?? module.plugin);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BadInputError(`plugins: ${spec}: not a plugin definition: ${issue.path.join('.') || '(export)'}: ${issue.message}`, {
        hint: 'export default { name, gates?: [{ name, run }], tools?: [...], commands?: [...] } (see docs/tools.md)',
      });
    }
    const plugin: LoadedPlugin = { ...(parsed.data as unknown as PluginDefinition), source: spec };
    checkCommandNames(plugin, plugins);
    plugins.push(plugin);
  }
  return plugins;
}

/** Chat's slash commands form one namespace: a plugin may not shadow a built-in or another plugin's command. */
function checkCommandNames(plugin: LoadedPlugin, loaded: readonly LoadedPlugin[]): void {
  const seen = new Set<string>();
  for (const { name } of plugin.commands) {
    const clash = isBuiltinCommand(name)
      ? 'a built-in chat command'
      : seen.has(name)
        ? `another command of plugin ${plugin.name}`
        : loaded.find((other) => other.commands.some((command) => command.name === name));
    if (clash)
      throw new BadInputError(
        `plugins: ${plugin.source}: command /${name} has the name of ${typeof clash === 'string' ? clash : `a command of plugin ${clash.name} (${clash.source})`}`,
        { hint: 'rename the command in the plugin, or remove one of the plugins from plugins: in the config' },
      );
    seen.add(name);
  }
}

function resolvePlugin(spec: string, repoRoot: string): string {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const file = path.resolve(repoRoot, spec);
    if (!existsSync(file))
      throw new BadInputError(`plugins: ${spec}: no such file (${file})`, { hint: 'paths in plugins: are relative to the repository root' });
    return file;
  }
  try {
    return createRequire(path.join(repoRoot, 'package.json')).resolve(spec);
  } catch {
    throw new BadInputError(`plugins: ${spec}: package not found from ${repoRoot}`, {
      hint: `install it (npm install -D ${spec}) or give a path to an ESM file`,
    });
  }
}
