/** Reads a dot-separated path (`callback.retry.maxAttempts`) of a settings object. */
export function getPath(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null)?.[key];
  return value;
}

/** A copy of `object` with `path` set to `value`; the objects along the path are copied. */
export function setPath<T>(object: T, path: string, value: unknown): T {
  const [key, ...rest] = path.split('.');
  const current = object as Record<string, unknown>;
  return {
    ...current,
    [key!]: rest.length === 0 ? value : setPath(current[key!] ?? {}, rest.join('.'), value),
  } as T;
}

/** Whole numbers within the server's bounds (packages/domain/src/model/*.ts), checked early. */
export function outOfRange(value: unknown, min: number, max: number): boolean {
  return typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max;
}
