import { createHash } from 'node:crypto';

function at(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * A stable id for a raw vendor record, from the stream's manifest `dedupKey`
 * (`'id'`, `'id + updatedAt'`, dotted paths such as `'id + threatInfo.updatedAt'`): the values
 * joined with `|`. When a part is missing or not a string or number, the SHA-256 of the record's
 * JSON is used instead, so the same record read twice always gets the same id.
 */
export function rawRecordId(record: unknown, dedupKey: string | undefined): string {
  if (dedupKey !== undefined) {
    const parts: string[] = [];
    for (const path of dedupKey.split('+')) {
      const value = at(record, path.trim());
      if (typeof value !== 'string' && typeof value !== 'number') {
        parts.length = 0;
        break;
      }
      parts.push(String(value));
    }
    if (parts.length > 0) return parts.join('|');
  }
  return `sha256:${createHash('sha256').update(JSON.stringify(record)).digest('hex')}`;
}
