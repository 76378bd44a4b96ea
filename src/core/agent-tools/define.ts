import { z } from 'zod';
import { ToolError, type ToolContext, type ToolDefinition, type ToolLevel } from './types.js';

/**
 * A tool from a zod schema: the schema becomes the JSON schema the model sees, and the
 * model's arguments are checked against it, the failures said back in words it can fix.
 */
export function defineTool<S extends z.ZodObject>(spec: {
  name: string;
  description: string;
  level: ToolLevel;
  schema: S;
  run: (args: z.infer<S>, context: ToolContext) => Promise<string>;
}): ToolDefinition {
  const parameters = z.toJSONSchema(spec.schema, { io: 'input' }) as Record<string, unknown>;
  delete parameters.$schema;
  return {
    name: spec.name,
    description: spec.description,
    level: spec.level,
    parameters,
    invoke(args, context) {
      const parsed = spec.schema.safeParse(args);
      if (!parsed.success) throw new ToolError(`invalid arguments for ${spec.name}: ${describeIssues(parsed.error)}`);
      return spec.run(parsed.data, context);
    },
  };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(arguments)'}: ${issue.message}`)
    .join('; ');
}
