import { gunzipSync } from 'node:zlib';
import { isRecord } from '@openmdr/connector-kit/normalize';

/** A CloudTrail log file read: its records, or why it could not be read. */
export type CloudTrailLogFile =
  | { readonly ok: true; readonly records: readonly unknown[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes a CloudTrail log file as S3 holds it: gzip (CloudTrail always compresses; a plain
 * JSON file is accepted too), then `{"Records":[…]}`. A corrupt gzip, invalid JSON or a
 * document without a `Records` array is reported with the reason, not thrown.
 */
export function decodeCloudTrailLogFile(bytes: Uint8Array): CloudTrailLogFile {
  let text: string;
  try {
    const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
    text = Buffer.from(gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    return { ok: false, reason: `not a valid gzip file: ${(error as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
  if (!isRecord(value) || !Array.isArray(value['Records'])) {
    return { ok: false, reason: 'not a CloudTrail log file: no "Records" array' };
  }
  return { ok: true, records: value['Records'] };
}

/** The `type` of a {@link CloudTrailPoisonFile}. */
export const POISON_FILE_TYPE = 'openmdr.cloudtrail.poison-file';

/**
 * A raw record the `events` stream yields in place of a log file it cannot read (bad gzip or
 * JSON, no `Records`, a missing object) or an SQS message it cannot understand: the stream's
 * normaliser rejects it, so the pipeline dead-letters it with `reason` and the object's address.
 */
export interface CloudTrailPoisonFile {
  /** Always {@link POISON_FILE_TYPE}. */
  readonly type: typeof POISON_FILE_TYPE;
  /** Why the file (or message) was not read. */
  readonly reason: string;
  /** The bucket, when a file. */
  readonly bucket?: string;
  /** The object key, when a file. */
  readonly key?: string;
  /** The SQS message that announced it. */
  readonly messageId?: string;
}

/** True for a {@link CloudTrailPoisonFile}. */
export function isCloudTrailPoisonFile(value: unknown): value is CloudTrailPoisonFile {
  return isRecord(value) && value['type'] === POISON_FILE_TYPE;
}
