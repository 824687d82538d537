function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/**
 * Reads a value at a dotted path (`meta.pagination.after`, `hits.hits`, `items.0.id`). Keys that
 * contain dots themselves (`@odata.nextLink`) are matched whole, longest first. An empty path
 * returns the value itself.
 */
export function readPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  if (isObject(value) && path in value) return value[path];
  const parts = path.split('.');
  for (let split = parts.length - 1; split >= 1; split -= 1) {
    const head = parts.slice(0, split).join('.');
    if (isObject(value) && head in value)
      return readPath(value[head], parts.slice(split).join('.'));
  }
  return undefined;
}
