import { z } from 'zod';

type Shape = Record<string, z.ZodType>;

function unwrapDefault(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
  return s;
}

/**
 * A PATCH body from a settings schema: every field optional and without its default (a
 * default would overwrite the current value), nested objects likewise, unknown fields refused.
 * Refinements are left to the engine, which validates the merged result as a whole.
 */
export function patchSchema(shape: Shape): z.ZodObject {
  const fields: Shape = {};
  for (const [key, value] of Object.entries(shape)) fields[key] = loosen(value).optional();
  return z.strictObject(fields);
}

function loosen(schema: z.ZodType): z.ZodType {
  const inner = unwrapDefault(schema);
  if (inner instanceof z.ZodObject) {
    const fields: Shape = {};
    for (const [key, value] of Object.entries(inner.shape as Shape))
      fields[key] = loosen(value).optional();
    return z.object(fields);
  }
  return inner;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges a validated patch over the current settings: fields whose schema is an object
 * (a queue's `callback`, a center's `businessHours`) merge field by field; everything else
 * (arrays, unions such as routes and devices, records such as skills) is replaced whole.
 */
export function mergePatch<T extends object>(current: T, patch: object, shape: Shape): T {
  const out: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const field = shape[key];
    const inner = field ? unwrapDefault(field) : undefined;
    if (inner instanceof z.ZodObject && isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = mergePatch(out[key] as object, value, inner.shape as Shape);
    } else {
      out[key] = value;
    }
  }
  return out as T;
}

/** The shape of an object schema without some fields (those the path or the server sets). */
export function shapeWithout(shape: Shape, ...keys: string[]): Shape {
  const out: Shape = {};
  for (const [key, value] of Object.entries(shape)) if (!keys.includes(key)) out[key] = value;
  return out;
}
