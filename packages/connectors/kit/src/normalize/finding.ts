import { enumAttribute } from './enum-attribute.js';
import type { RecordReader } from './record-reader.js';

/** When a finding was created and last updated, in epoch milliseconds. */
export interface FindingTimes {
  /** Creation time, when the record gives one. */
  created: number | undefined;
  /** Last update: the update field, else the creation time. */
  updated: number;
}

/**
 * The creation and last-update times of a finding record (alert, incident, threat), by their
 * field names. A record without an update time was last updated when it was created.
 *
 * @throws {NormalizationError} naming the update field when the record has neither time.
 */
export function findingTimes(reader: RecordReader, created: string, updated: string): FindingTimes {
  const createdTime = reader.time(created);
  return {
    created: createdTime,
    updated: reader.time(updated) ?? createdTime ?? reader.requireTime(updated),
  };
}

/**
 * The OCSF finding `activity_id` of a finding's state: Close (3) once the vendor closed it, Create
 * (1) while it is unchanged since its creation, Update (2) otherwise.
 */
export function findingActivityId(closed: boolean, times: FindingTimes): 1 | 2 | 3 {
  if (closed) return 3;
  return times.created !== undefined && times.created === times.updated ? 1 : 2;
}

/**
 * A finding's OCSF `status_id` with the vendor's own status word: in `status_detail` whenever
 * there is one, and in `status` too when the id is Other (99). Spread it into the event.
 */
export function findingStatus(
  statusId: number,
  status: string | undefined,
): { status_id: number; status?: string; status_detail?: string } {
  return {
    ...(enumAttribute('status', statusId, status) as { status_id: number; status?: string }),
    ...(status ? { status_detail: status } : {}),
  };
}
