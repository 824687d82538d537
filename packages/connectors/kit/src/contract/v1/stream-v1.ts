import type { CursorStyle } from '../../pagination/paginate.js';
import type { VersionedState } from '../../state/stream-state.js';

/** A stream of records the connector reads incrementally, as its manifest declares it. */
export interface StreamManifestV1 {
  /** What the stream holds, in one sentence. */
  readonly description: string;
  /**
   * How the vendor's pages are walked (`next-token`, `link-header`, `odata-next-link`, …),
   * `file-tail` for a stream read from log files with the kit's tailing file source (`tailFiles`),
   * or `queue` for records announced on a message queue (S3 notifications on SQS, say), each
   * message acknowledged once the records it announced are committed.
   */
  readonly cursor: CursorStyle | 'file-tail' | 'queue';
  /**
   * The vendor field records are ordered by and the watermark follows (`updated_timestamp`).
   * Records are delivered in this field's order within a page; across pages and runs the
   * order is the vendor's, and late records behind the watermark may come later.
   */
  readonly sortField: string;
  /**
   * The field (or `+`-joined fields) that identifies one version of a record
   * (`composite_id + updated_timestamp`): consumers drop a record whose key they have already
   * accepted, since a stream delivers at least once.
   */
  readonly dedupKey: string;
  /**
   * Version of the stream's state schema, an integer from 1. Every state a read yields carries
   * it; bump it, with a migration from the previous version, whenever the state's shape changes.
   */
  readonly stateVersion: number;
  /** OCSF classes the stream normalises to, by name (`detection_finding`, `authentication`). */
  readonly ocsfClasses: readonly string[];
  /** Vendor permissions / scopes the stream needs (`Alerts:read`). */
  readonly requiredPermissions: readonly string[];
}

/**
 * One batch read from a stream: raw records and the stream state to commit once they are
 * accepted downstream.
 *
 * The state is the resume point after `records`: reading again from it never skips a record
 * of this batch or an earlier one that had not been delivered (no gap), and never re-delivers a
 * record of this batch (no duplicate, within the stream's look-back). A consumer commits the
 * state only after it has durably accepted the records (at-least-once delivery); committing it
 * earlier may lose records on a crash. Batches may be empty (the state still advances).
 */
export interface ReadBatchV1<Raw = unknown> {
  /** Raw vendor records, in the stream's order. */
  readonly records: Raw[];
  /**
   * The stream state after this batch: JSON, no secrets, its `version` equal to the stream's
   * `stateVersion` (the kit throws `ConnectorStateError` otherwise).
   */
  readonly state: VersionedState;
}
