import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import type { NormalizeOptions } from '@openmdr/connector-kit/normalize';
import { isCloudTrailPoisonFile } from './log-file.js';
import { normalizeCloudTrail } from './normalize-cloudtrail.js';

/**
 * Normalises one record of a CloudTrail stream (a log file record, an insight, a LookupEvents
 * event). A poison file the `events` stream delivered is rejected with its reason, the path
 * naming the object (`s3://bucket/key`), so the pipeline dead-letters it.
 *
 * @throws {NormalizationError} for a poison file or a record that does not normalise.
 */
export function normalizeCloudTrailStreamRecord(
  raw: unknown,
  options: NormalizeOptions = {},
): NormalizedEvent {
  if (isCloudTrailPoisonFile(raw)) {
    const path =
      raw.bucket !== undefined && raw.key !== undefined
        ? `s3://${raw.bucket}/${raw.key}`
        : `sqs-message:${raw.messageId ?? 'unknown'}`;
    throw new NormalizationError(`CloudTrail log file not read: ${raw.reason}`, { path });
  }
  return normalizeCloudTrail(raw, options);
}
