import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  connectorSources,
  enumAttribute,
  findingActivityId,
  findingTimes,
  isRecord,
  type NormalizeOptions,
  type NormalizeSource,
  RecordReader,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import { normalizeCloudTrail } from './normalize-cloudtrail.js';

export { normalizeCloudTrail, unwrapCloudTrailRecord } from './normalize-cloudtrail.js';
export { normalizeCloudTrailInsight } from './normalize-insight.js';

/** `metadata.product` of every AWS CloudTrail event. TODO: the product's name. */
export const CLOUDTRAIL_PRODUCT = {
  name: 'AWS CloudTrail',
  vendor_name: 'AWS CloudTrail',
} as const;

/** Alert fields the normaliser maps; the others go to `unmapped`. */
const MAPPED = new Set([
  'id',
  'title',
  'description',
  'severity',
  'status',
  'created_at',
  'updated_at',
  'hostname',
  'device_id',
]);

/** OCSF `status_id` by alert status; others are 99 (Other). TODO: the vendor's statuses. */
const STATUS_IDS: Readonly<Record<string, number>> = { new: 1, in_progress: 2, resolved: 4 };

/**
 * Normalises one AWS CloudTrail alert into an OCSF 1.8.0 Detection Finding (class 2004): the id
 * becomes `finding_info.uid` and `metadata.uid`, `severity` the `severity_id`, `status` the
 * `status_id` (a resolved alert is a Close activity), the host `device`; fields OCSF has no
 * place for stay in `unmapped`. Pure. TODO: map every documented field of the vendor's alert.
 *
 * @throws {NormalizationError} naming the field when the record has no `id` or no
 *   `updated_at` / `created_at`, or does not make a valid event.
 */
export function normalizeCloudtrailAlert(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const alert = new RecordReader(record);
  const uid = alert.requireString('id');
  const times = findingTimes(alert, 'created_at', 'updated_at');
  const title = alert.string('title') ?? uid;
  const severity = alert.string('severity');
  const status = alert.string('status');
  const statusId = status === undefined ? 0 : (STATUS_IDS[status] ?? 99);
  const hostname = alert.string('hostname');
  return buildEvent(
    'detection_finding',
    {
      activity_id: findingActivityId(statusId === 4, times),
      ...enumAttribute('severity', severityIdOf(severity), severity),
      ...enumAttribute('status', statusId, status),
      time: times.updated,
      is_alert: true,
      message: alert.string('description') ?? title,
      finding_info: {
        uid,
        title,
        desc: alert.string('description'),
        created_time: times.created,
        modified_time: alert.time('updated_at'),
      },
      device: hostname ? { hostname, uid: alert.string('device_id'), type_id: 0 } : undefined,
      metadata: { product: CLOUDTRAIL_PRODUCT, uid, original_time: alert.string('updated_at') },
      unmapped: alert.rest(MAPPED),
    },
    { source: 'AWS CloudTrail alert', record, options },
  );
}

/**
 * True for one CloudTrail record (an `eventTime` and an `eventName` or `insightDetails`) or a
 * `LookupEvents` event carrying one as `CloudTrailEvent` text.
 */
export function isCloudTrailRecord(record: unknown): boolean {
  if (!isRecord(record)) return false;
  if (typeof record['CloudTrailEvent'] === 'string') return true; // a LookupEvents event
  return (
    typeof record['eventTime'] === 'string' &&
    (typeof record['eventName'] === 'string' || isRecord(record['insightDetails']))
  );
}

/** True for an EventBridge event carrying a CloudTrail record (`detail-type` `… via CloudTrail`). */
export function isCloudTrailEventBridgeEvent(record: unknown): boolean {
  return (
    isRecord(record) &&
    typeof record['detail-type'] === 'string' &&
    record['detail-type'].endsWith('via CloudTrail') &&
    isRecord(record['detail'])
  );
}

/**
 * The records of a CloudTrail log file as delivered to S3 (`{"Records": [...]}`), or
 * `undefined` when the value is not one.
 */
export function cloudTrailFileRecords(value: unknown): unknown[] | undefined {
  if (!isRecord(value)) return undefined;
  const records = value['Records'];
  return Array.isArray(records) ? records : undefined;
}

/**
 * Normalises every record of a CloudTrail log file (`{"Records": [...]}`), a list of records or
 * one record or EventBridge event, in order; throws on the first record that cannot be.
 */
export function normalizeCloudTrailFile(
  value: unknown,
  options: NormalizeOptions = {},
): NormalizedEvent[] {
  const records = cloudTrailFileRecords(value) ?? (Array.isArray(value) ? value : [value]);
  return records.map((record) => normalizeCloudTrail(record, options));
}

/**
 * The AWS CloudTrail sources of `openmdr normalize`: `cloudtrail/events` (one CloudTrail record,
 * an EventBridge event carrying one, or a `{"Records": [...]}` log file of one record — the
 * command unwraps longer files record by record when it knows the envelope),
 * `cloudtrail/alerts` (the template's alert records), and `cloudtrail` for any.
 */
export const cloudtrailNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'cloudtrail',
  'AWS CloudTrail',
  [
    {
      id: 'cloudtrail/events',
      summary:
        'AWS CloudTrail records (S3 log files {"Records":[…]}, CloudTrail Lake, EventBridge "AWS API Call via CloudTrail" events)',
      matches: (record) =>
        isCloudTrailRecord(record) ||
        isCloudTrailEventBridgeEvent(record) ||
        cloudTrailFileRecords(record)?.length === 1,
      normalize: (record, options) => {
        const records = cloudTrailFileRecords(record);
        if (records === undefined) return normalizeCloudTrail(record, options);
        if (records.length !== 1) {
          throw new NormalizationError(
            `a CloudTrail log file holds ${records.length} records: normalise them one by one (normalizeCloudTrailFile)`,
            { path: 'Records' },
          );
        }
        return normalizeCloudTrail(records[0], options);
      },
    },
    {
      id: 'cloudtrail/alerts',
      summary: 'AWS CloudTrail alerts (GET /api/v1/alerts records)',
      matches: (record) =>
        isRecord(record) && typeof record['id'] === 'string' && 'updated_at' in record,
      normalize: (record, options) => normalizeCloudtrailAlert(record, options),
    },
  ],
);
