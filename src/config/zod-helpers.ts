import { z } from 'zod';

// Leaf types with messages a user can act on ("expected a positive integer").
export const positiveInt = () =>
  z.number({ error: 'expected a positive integer' }).int({ error: 'expected a positive integer' }).positive({
    error: 'expected a positive integer',
  });

export const nonNegativeInt = () =>
  z.number({ error: 'expected a non-negative integer' }).int({ error: 'expected a non-negative integer' }).min(0, {
    error: 'expected a non-negative integer',
  });

export const nonEmptyString = () => z.string({ error: 'expected a non-empty string' }).min(1, { error: 'expected a non-empty string' });

export const fraction = () =>
  z.number({ error: 'expected a number between 0 and 1' }).min(0, { error: 'expected a number between 0 and 1' }).max(1, {
    error: 'expected a number between 0 and 1',
  });

/**
 * The same object schema with every key optional, at every depth, still strict.
 * One shape serves both a layer file (anything may be omitted) and the merged result
 * (everything present, since the packaged defaults fill it).
 */
export function deepPartial(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    const object = schema as z.ZodObject<Record<string, z.ZodType>>;
    for (const [key, value] of Object.entries(object.shape)) {
      shape[key] = deepPartial(value).optional();
    }
    return z.strictObject(shape);
  }
  return schema;
}
