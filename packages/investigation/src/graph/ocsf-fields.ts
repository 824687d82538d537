/**
 * Small readers for OCSF events held as plain objects: every field is optional and of unknown
 * type, so each reader checks what it gets and answers `undefined` otherwise.
 */

/** A plain object, or `undefined` for anything else. */
export type Fields = Readonly<Record<string, unknown>>;

/** `value` when it is a plain object (not an array), else `undefined`. */
export function asObject(value: unknown): Fields | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Fields)
    : undefined;
}

/** The member `key` of `value` when `value` is a plain object. */
export function member(value: unknown, key: string): unknown {
  return asObject(value)?.[key];
}

/** The value at a dotted path (`process.parent_process.uid`). */
export function at(value: unknown, path: string): unknown {
  let current = value;
  let start = 0;
  while (start <= path.length) {
    const dot = path.indexOf('.', start);
    const end = dot === -1 ? path.length : dot;
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[path.slice(start, end)];
    if (current === undefined) return undefined;
    start = end + 1;
  }
  return current;
}

/** A non-empty trimmed string (numbers are written out), else `undefined`. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed.length > 0 ? trimmed : undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The string at a dotted path, see {@link text}. */
export function textAt(value: unknown, path: string): string | undefined {
  return text(at(value, path));
}

/** A finite number (numeric strings are read), else `undefined`. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** The number at a dotted path, see {@link numberOf}. */
export function numberAt(value: unknown, path: string): number | undefined {
  return numberOf(at(value, path));
}

/** The plain objects of an array member (non-objects skipped); `[]` when absent. */
export function objectsAt(value: unknown, path: string): Fields[] {
  const list = at(value, path);
  if (!Array.isArray(list)) return [];
  const out: Fields[] = [];
  for (const item of list) {
    const object = asObject(item);
    if (object !== undefined) out.push(object);
  }
  return out;
}

/** An epoch-millisecond time from an OCSF `time`-like value: a number (OCSF times are epoch ms) or a date string. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return timeOf(Number(value));
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** The event's time (epoch ms): `time`, else `start_time`, `metadata.logged_time`, else 0. */
export function eventTime(event: Fields): number {
  return (
    timeOf(event.time) ??
    timeOf(event.start_time) ??
    timeOf(at(event, 'metadata.logged_time')) ??
    timeOf(at(event, 'finding_info.created_time')) ??
    0
  );
}

/** The last path segment of a Windows or POSIX path (`C:\\a\\b.exe` → `b.exe`). */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}
