import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  connectorSources,
  isRecord,
  type NormalizeOptions,
  type NormalizeSource,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import type { OsintInventoryInfo } from '@openmdr/core';

/** `metadata.product` of every MISP event. */
export const MISP_PRODUCT = { name: 'MISP', vendor_name: 'MISP Project' } as const;

/** OCSF `osint.type_id` by MISP attribute type; the others are 99 (Other). */
const OSINT_TYPE_IDS: Readonly<Record<string, number>> = {
  'ip-src': 1,
  'ip-dst': 1,
  'ip-src|port': 1,
  'ip-dst|port': 1,
  domain: 2,
  'domain|ip': 2,
  hostname: 3,
  'hostname|port': 3,
  md5: 4,
  sha1: 4,
  sha256: 4,
  sha512: 4,
  'filename|md5': 4,
  'filename|sha1': 4,
  'filename|sha256': 4,
  'filename|sha512': 4,
  url: 5,
  link: 5,
  uri: 5,
  'user-agent': 6,
  'x509-fingerprint-sha1': 7,
  'x509-fingerprint-sha256': 7,
  'email-src': 9,
  'email-dst': 9,
  email: 9,
  'email-reply-to': 9,
  vulnerability: 10,
  filename: 11,
  regkey: 12,
  'regkey|value': 13,
};

/** OCSF `severity_id` by MISP event `threat_level_id` (1 High … 4 Undefined). */
const SEVERITY_IDS: Readonly<Record<string, number>> = { '1': 4, '2': 3, '3': 2, '4': 0 };

type Tlp = 'CLEAR' | 'WHITE' | 'GREEN' | 'AMBER' | 'AMBER STRICT' | 'RED';

/** Attribute fields the normaliser maps; the others go to `unmapped`. */
const MAPPED = new Set([
  'id',
  'uuid',
  'type',
  'category',
  'value',
  'comment',
  'timestamp',
  'first_seen',
  'last_seen',
  'Tag',
  'Event',
]);

/** The indicator part of a composite value: the hash of `filename|sha256`, the address of `ip-dst|port`. */
export function mispIndicatorValue(type: string, value: string): string {
  if (type.startsWith('filename|')) return value.split('|')[1] ?? value;
  if (type.includes('|') && type !== 'regkey|value') return value.split('|')[0] ?? value;
  return value;
}

/** The TLP of MISP tags (`tlp:green`, `tlp:amber+strict`), the most restrictive first found. */
export function mispTlp(tags: readonly string[]): Tlp | undefined {
  const order: readonly Tlp[] = ['CLEAR', 'WHITE', 'GREEN', 'AMBER', 'AMBER STRICT', 'RED'];
  let found: Tlp | undefined;
  for (const tag of tags) {
    const match = /^tlp:(clear|white|green|amber\+strict|amber|red)$/i.exec(tag.trim());
    if (!match?.[1]) continue;
    const tlp = (
      match[1].toLowerCase() === 'amber+strict' ? 'AMBER STRICT' : match[1].toUpperCase()
    ) as Tlp;
    if (found === undefined || order.indexOf(tlp) > order.indexOf(found)) found = tlp;
  }
  return found;
}

/** True for a MISP attribute (it has `type`, `value` and `uuid` or `id`). */
export function isMispAttribute(record: unknown): boolean {
  return (
    isRecord(record) &&
    typeof record['type'] === 'string' &&
    typeof record['value'] === 'string' &&
    ('uuid' in record || 'id' in record)
  );
}

/**
 * Normalises one MISP attribute (as `/attributes/restSearch` returns it, with its `Event` and
 * `Tag`) into an OCSF 1.8.0 OSINT Inventory Info event (class 5021, activity Collect): one
 * `osint` entry with the attribute uuid as `uid`, the indicator part of the value and its
 * `type_id`, `category`, the comment as `desc`, the event's `info` as `name`, the TLP and the
 * other tags as `labels`, the event's threat level as `severity_id`, `first_seen`/`last_seen`;
 * the rest (to_ids, deleted, distribution, ids) stays in `unmapped`. Pure.
 *
 * @throws {NormalizationError} naming the field when the attribute has no `type`, `value`,
 *   `uuid` or `timestamp`.
 */
export function normalizeMispAttribute(
  record: unknown,
  options: NormalizeOptions = {},
): OsintInventoryInfo & NormalizedEvent {
  const attribute = new RecordReader(record);
  const type = attribute.requireString('type');
  const value = attribute.requireString('value');
  const uid = attribute.requireString('uuid');
  const seconds = Number(attribute.value('timestamp'));
  if (!Number.isFinite(seconds) || seconds <= 0) attribute.requireTime('timestamp');
  const time = seconds * 1000;
  const tags = attribute
    .objects('Tag')
    .map((tag) => tag.string('name'))
    .filter((name): name is string => name !== undefined);
  const labels = tags.filter((tag) => !/^tlp:/i.test(tag));
  const event = attribute.object('Event');
  const threatLevel = event?.string('threat_level_id');
  return buildEvent(
    'osint_inventory_info',
    {
      activity_id: 2,
      severity_id: 1,
      time,
      message: `${type}: ${value}`,
      osint: [
        {
          uid,
          value: mispIndicatorValue(type, value),
          type_id: OSINT_TYPE_IDS[type] ?? 99,
          type: OSINT_TYPE_IDS[type] === undefined ? type : undefined,
          category: attribute.string('category'),
          desc: attribute.string('comment') || undefined,
          name: event?.string('info'),
          modified_time: time,
          labels: labels.length > 0 ? labels : undefined,
          tlp: mispTlp(tags),
          severity_id: threatLevel === undefined ? undefined : SEVERITY_IDS[threatLevel],
          vendor_name: 'MISP',
        },
      ],
      start_time: attribute.time('first_seen'),
      end_time: attribute.time('last_seen'),
      metadata: {
        product: MISP_PRODUCT,
        uid,
        original_time: String(attribute.value('timestamp')),
      },
      unmapped: attribute.rest(MAPPED),
    },
    { source: 'MISP attribute', record, options },
  );
}

/**
 * The MISP sources of `openmdr normalize`: `misp/attributes` (attributes of a restSearch
 * answer), and `misp` for any stream.
 */
export const mispNormalizeSources: readonly NormalizeSource[] = connectorSources('misp', 'MISP', [
  {
    id: 'misp/attributes',
    summary: 'MISP attributes (POST /attributes/restSearch response.Attribute entries)',
    matches: isMispAttribute,
    normalize: (record, options) => normalizeMispAttribute(record, options),
  },
]);
