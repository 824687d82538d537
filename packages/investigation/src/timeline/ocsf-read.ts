/** Small readers over loosely typed OCSF records (internal to the package). */

/** A plain-object view of a value, or `undefined`. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value at a dotted path (`device.hostname`), or `undefined`. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    const record = obj(current);
    if (record === undefined) return undefined;
    current = record[key];
  }
  return current;
}

/**
 * A non-empty trimmed string at `path` (numbers are written out), or `undefined`; the
 * placeholders `-` and `?` that Windows writes for "unknown" count as empty.
 */
export function str(value: unknown, path?: string): string | undefined {
  const found = path === undefined ? value : at(value, path);
  if (typeof found === 'string') {
    const trimmed = found.trim();
    return trimmed.length > 0 && trimmed !== '-' && trimmed !== '?' ? trimmed : undefined;
  }
  if (typeof found === 'number' && Number.isFinite(found)) return String(found);
  return undefined;
}

/** A finite number at `path` (numeric strings are read), or `undefined`. */
export function num(value: unknown, path?: string): number | undefined {
  const found = path === undefined ? value : at(value, path);
  if (typeof found === 'number' && Number.isFinite(found)) return found;
  if (typeof found === 'string' && found.trim() !== '' && Number.isFinite(Number(found))) {
    return Number(found);
  }
  return undefined;
}

/** The array at `path`, or an empty array. */
export function arr(value: unknown, path: string): unknown[] {
  const found = at(value, path);
  return Array.isArray(found) ? found : [];
}

/** The first defined result of `read` over `paths`. */
export function first<T>(
  value: unknown,
  paths: readonly string[],
  read: (v: unknown, p: string) => T | undefined,
): T | undefined {
  for (const path of paths) {
    const found = read(value, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Shortens `text` to `max` characters with an ellipsis, on one line. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
