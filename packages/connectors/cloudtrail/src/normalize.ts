import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import {
  connectorSources,
  isRecord,
  type NormalizeOptions,
  type NormalizeSource,
} from '@openmdr/connector-kit/normalize';
import { normalizeCloudTrail } from './normalize-cloudtrail.js';

export { normalizeCloudTrail, unwrapCloudTrailRecord } from './normalize-cloudtrail.js';
export { normalizeCloudTrailInsight } from './normalize-insight.js';

/** `metadata.product` of the AWS CloudTrail connector's events. */
export const CLOUDTRAIL_PRODUCT = {
  name: 'CloudTrail',
  vendor_name: 'AWS',
} as const;

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
 * command unwraps longer files record by record when it knows the envelope), and `cloudtrail`
 * for any.
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
  ],
);
