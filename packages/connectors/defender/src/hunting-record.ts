import { createHash } from 'node:crypto';
import { NormalizationError } from '@openmdr/connector-kit';
import { isRecord, type JsonRecord, RecordReader } from '@openmdr/connector-kit/normalize';

/** The `category` prefix of Advanced Hunting records the streaming API sends. */
const PREFIX = 'AdvancedHunting-';

/**
 * True for a record of the Defender XDR streaming API (to Event Hubs or a storage account):
 * `{ time, tenantId, operationName: "Publish", category: "AdvancedHunting-<Table>",
 * properties: { … the table's columns … } }`.
 */
export function isAdvancedHuntingRecord(record: unknown): record is JsonRecord {
  return (
    isRecord(record) &&
    typeof record['category'] === 'string' &&
    record['category'].toLowerCase().startsWith(PREFIX.toLowerCase()) &&
    isRecord(record['properties'])
  );
}

/** One streaming API record, read: its table, its columns and envelope. */
export interface HuntingRecord {
  /** The Advanced Hunting table (`DeviceProcessEvents`, …). */
  readonly table: string;
  /** The row's columns (`properties`), read leniently. */
  readonly row: RecordReader;
  /** The row's `Timestamp` (else the envelope `time`), epoch ms. */
  readonly time: number;
  /** The row's `Timestamp` as written. */
  readonly originalTime: string | undefined;
  /** The tenant id of the envelope. */
  readonly tenantId: string | undefined;
  /** The envelope record. */
  readonly record: JsonRecord;
}

/** The `AdditionalFields` column: an object, or JSON text of one (both are sent). */
export function additionalFields(row: RecordReader): JsonRecord | undefined {
  const value = row.value('AdditionalFields');
  if (isRecord(value)) return value;
  if (typeof value !== 'string' || !value.trim().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a streaming API record: the table from its `category`, the row from `properties`, its
 * time from `Timestamp` (or the envelope `time`).
 *
 * @throws {NormalizationError} naming the field when the record is not an Advanced Hunting
 *   record or has no valid time.
 */
export function readHuntingRecord(record: unknown): HuntingRecord {
  if (!isAdvancedHuntingRecord(record)) {
    throw new NormalizationError(
      'a Defender XDR streaming API record needs a category "AdvancedHunting-<Table>" and a properties object',
      {
        path:
          isRecord(record) && typeof record['category'] === 'string' ? 'properties' : 'category',
      },
    );
  }
  const row = new RecordReader(record['properties'], 'properties');
  const envelope = new RecordReader(record);
  const time = row.time('Timestamp') ?? envelope.time('time');
  if (time === undefined) {
    throw new NormalizationError('Defender XDR streaming API record has no Timestamp or time', {
      path: 'properties.Timestamp',
    });
  }
  return {
    table: String(record['category']).slice(PREFIX.length),
    row,
    time,
    originalTime: row.string('Timestamp') ?? envelope.string('time'),
    tenantId: envelope.string('tenantId'),
    record,
  };
}

/**
 * The event id of a row: the table, device (or alert, or message) and `ReportId`, which together
 * identify an Advanced Hunting event; when a row has no `ReportId`, a SHA-256 of the row.
 */
export function huntingUid(hunting: HuntingRecord): string {
  const { row, table } = hunting;
  const scope =
    row.string('DeviceId') ??
    row.string('AlertId') ??
    row.string('NetworkMessageId') ??
    row.string('AccountObjectId');
  const report = row.string('ReportId');
  if (scope && report) return `${table}:${scope}:${report}`;
  const digest = createHash('sha256').update(JSON.stringify(row.record)).digest('hex');
  return `${table}:${digest.slice(0, 32)}`;
}
