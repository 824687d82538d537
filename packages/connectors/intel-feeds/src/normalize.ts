import { isIP } from 'node:net';
import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  connectorSources,
  isRecord,
  type NormalizeOptions,
  type NormalizeSource,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import type { OsintInventoryInfo } from '@openmdr/core';

/** `metadata.product` of every feed event. */
export const INTEL_FEEDS_PRODUCT = { name: 'Indicator feed', vendor_name: 'OpenMDR' } as const;

const HASH_LENGTHS = new Set([32, 40, 64, 128]);
const DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

/**
 * The OCSF `osint.type_id` of a feed value: 1 IP address (CIDR blocks too), 4 hash (32, 40, 64 or
 * 128 hex digits), 5 URL, 9 e-mail address, 2 domain; 0 Unknown otherwise.
 */
export function feedValueTypeId(value: string): number {
  const [address, prefix] = value.split('/');
  if (
    address !== undefined &&
    isIP(address) !== 0 &&
    (prefix === undefined || /^\d{1,3}$/.test(prefix))
  )
    return 1;
  if (/^[0-9a-f]+$/i.test(value) && HASH_LENGTHS.has(value.length)) return 4;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 5;
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 9;
  if (DOMAIN.test(value)) return 2;
  return 0;
}

const TLPS = new Set(['CLEAR', 'WHITE', 'GREEN', 'AMBER', 'AMBER STRICT', 'RED']);

/** True for a row of the `rows` stream (it has `feed`, `value` and `text`). */
export function isIntelFeedRow(record: unknown): boolean {
  return (
    isRecord(record) &&
    typeof record['feed'] === 'string' &&
    typeof record['value'] === 'string' &&
    typeof record['text'] === 'string'
  );
}

/**
 * Normalises one feed row into an OCSF 1.8.0 OSINT Inventory Info event (class 5021, activity
 * Collect): one `osint` entry with the value and its detected `type_id`, the feed URL as
 * `src_url`; a CSV row's `name`, `tlp`, `confidence` (0–100) and `labels` (`;`-separated)
 * columns when present, its other columns in `unmapped`. Pure.
 *
 * @throws {NormalizationError} naming the field when the row has no `value`, `feed` or a
 *   valid `fetched_at`.
 */
export function normalizeIntelFeedRow(
  record: unknown,
  options: NormalizeOptions = {},
): OsintInventoryInfo & NormalizedEvent {
  const row = new RecordReader(record);
  const value = row.requireString('value');
  const feed = row.requireString('feed');
  const time = row.requireTime('fetched_at');
  const fields = row.object('fields');
  const tlp = fields?.string('tlp')?.toUpperCase().replace(/^TLP:/, '').replace('+', ' ');
  const confidence = fields?.string('confidence');
  const score = confidence === undefined || confidence === '' ? undefined : Number(confidence);
  if (score !== undefined && !(score >= 0 && score <= 100))
    throw new NormalizationError(`confidence '${confidence}' is not 0–100`, {
      path: 'fields.confidence',
    });
  const labels = fields
    ?.string('labels')
    ?.split(';')
    .map((label) => label.trim())
    .filter(Boolean);
  const known = new Set(['value', 'indicator', 'name', 'tlp', 'confidence', 'labels']);
  const extra = Object.fromEntries(
    Object.entries(
      (isRecord(record) && isRecord(record['fields']) ? record['fields'] : {}) as Record<
        string,
        unknown
      >,
    ).filter(([name, field]) => !known.has(name) && field !== ''),
  );
  return buildEvent(
    'osint_inventory_info',
    {
      activity_id: 2,
      severity_id: 1,
      time,
      message: `${feed}: ${value}`,
      osint: [
        {
          value,
          type_id: feedValueTypeId(value),
          name: fields?.string('name') || undefined,
          src_url: row.string('url'),
          tlp: tlp !== undefined && TLPS.has(tlp) ? tlp : undefined,
          confidence_id:
            score === undefined ? undefined : score >= 70 ? 3 : score >= 30 ? 2 : score > 0 ? 1 : 0,
          labels: labels && labels.length > 0 ? labels : undefined,
        },
      ],
      metadata: {
        product: { ...INTEL_FEEDS_PRODUCT, feature: { name: feed } },
        original_time: row.string('fetched_at'),
      },
      unmapped: {
        feed,
        line: row.number('line'),
        ...(Object.keys(extra).length > 0 ? { fields: extra } : {}),
      },
    },
    { source: 'feed row', record, options },
  );
}

/** The feed sources of `openmdr normalize`: `intel-feeds/rows`, and `intel-feeds` for any stream. */
export const intelFeedsNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'intel-feeds',
  'Indicator feed',
  [
    {
      id: 'intel-feeds/rows',
      summary: 'rows of CSV or plain-list indicator feeds, as the rows stream delivers them',
      matches: isIntelFeedRow,
      normalize: (record, options) => normalizeIntelFeedRow(record, options),
    },
  ],
);
