/** An OCSF object under construction (validated by the `@openmdr/core` builders). */
export type OcsfPart = Record<string, unknown>;

/**
 * A copy of `value` without `undefined`, `null`, empty strings, empty arrays and objects left
 * empty by that, recursively; `undefined` when nothing is left. Vendor records leave many fields
 * null or empty; OCSF wants them absent.
 */
export function prune(value: unknown): unknown {
  if (value === null || value === '') return undefined;
  if (typeof value !== 'object') return value;
  // Primitives are pruned inline below: this runs for every attribute of every event.
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const pruned = typeof item === 'object' ? prune(item) : item === '' ? undefined : item;
      if (pruned !== undefined) items.push(pruned);
    }
    return items.length === 0 ? undefined : items;
  }
  let out: OcsfPart | undefined;
  // Parts are plain JSON objects: for…in sees exactly their own attributes, and fast.
  for (const key in value) {
    const item = (value as OcsfPart)[key];
    const pruned = typeof item === 'object' ? prune(item) : item === '' ? undefined : item;
    if (pruned === undefined) continue;
    out ??= {};
    out[key] = pruned;
  }
  return out;
}

/**
 * {@link prune} for an object part: the same object without empty attributes (`{}` when every
 * attribute is empty), so builders see only the attributes a record really has.
 */
export function compact<T extends OcsfPart>(value: T): T {
  return (prune(value) ?? {}) as T;
}

/** An object part, or `undefined` when every attribute is empty. */
export function part(value: OcsfPart): OcsfPart | undefined {
  return prune(value) as OcsfPart | undefined;
}
