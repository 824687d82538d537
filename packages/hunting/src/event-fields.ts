/**
 * What hunts read from any record: its identity (for stable hit keys across runs) and its
 * time, whatever store it came from (Splunk, Elasticsearch, Log Analytics, OCSF, SQL rows).
 *
 * @module
 */
import { createHash } from 'node:crypto';

type Row = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : undefined;

/** JSON with object keys sorted, so that equal records hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : item,
  );
}

/**
 * The identity of a record in its store, stable across searches: Splunk `_bkt:_cd` (`splunk:`),
 * Elasticsearch `_index/_id` (`elastic:`), Log Analytics `_ItemId` or `SystemAlertId@TimeGenerated`
 * (`la:`), OCSF `metadata.uid` (`ocsf:`); else the SHA-256 of the record's canonical JSON
 * (`sha256:`).
 */
export function eventIdentity(event: Row): string {
  const cd = text(event['_cd']);
  if (cd !== undefined) return `splunk:${text(event['_bkt']) ?? ''}:${cd}`;
  const id = text(event['_id']);
  if (id !== undefined) return `elastic:${text(event['_index']) ?? ''}/${id}`;
  const item = text(event['_ItemId']);
  if (item !== undefined) return `la:${item}`;
  const alert = text(event['SystemAlertId']);
  if (alert !== undefined) return `la:${alert}@${text(event['TimeGenerated']) ?? ''}`;
  const metadata = event['metadata'];
  if (metadata !== null && typeof metadata === 'object') {
    const uid = text((metadata as Row)['uid']);
    if (uid !== undefined) return `ocsf:${uid}`;
  }
  return `sha256:${createHash('sha256').update(canonicalJson(event)).digest('hex')}`;
}

/** Fields that hold a record's time, in the order they are tried. */
export const EVENT_TIME_FIELDS: readonly string[] = [
  'time',
  '@timestamp',
  '_time',
  'TimeGenerated',
  'timestamp',
  'EventTime',
  'UtcTime',
];

function epochMs(field: string, value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // OCSF `time` is epoch ms; Splunk `_time` as a number is epoch seconds
    return field === '_time' || value < 100_000_000_000 ? value * 1000 : value;
  }
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return epochMs(field, Number(value));
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * When a record's event happened, epoch ms: the first of {@link EVENT_TIME_FIELDS} that holds a
 * time (epoch ms, epoch seconds, or ISO 8601 text), else `undefined`.
 */
export function eventTime(event: Row): number | undefined {
  for (const field of EVENT_TIME_FIELDS) {
    const time = epochMs(field, event[field]);
    if (time !== undefined) return time;
  }
  return undefined;
}
