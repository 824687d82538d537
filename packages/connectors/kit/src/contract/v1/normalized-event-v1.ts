import type { OpenMdrError } from '@openmdr/core';

/**
 * An OCSF event as a connector's normaliser produces it: a JSON object with the OCSF
 * `class_uid`, validated downstream against the OCSF model (strictly, by the conformance
 * suite). `metadata.tenant_uid` is set by the kit to the instance's tenant when the normaliser
 * left it out. Times are epoch milliseconds (OCSF `timestamp_t`).
 */
export type NormalizedEventV1 = Record<string, unknown> & { class_uid: number };

/** A record that could not be normalised, and why. */
export interface DeadLetterV1 {
  /** The raw record, as read. */
  readonly record: unknown;
  /**
   * Why: the normaliser's typed error (`NormalizationError`, code `NORMALIZE_FAILED`, naming the
   * field path in `details.path`); anything else it threw is wrapped in a `NormalizationError`
   * (its `cause`).
   */
  readonly error: OpenMdrError;
}

/** A normalised batch: the events, and the records that could not be normalised. */
export interface NormalizedBatchV1 {
  /** OCSF events, in the order of the records they came from (one record may give several). */
  events: NormalizedEventV1[];
  /** Records for the dead-letter path, in input order. */
  deadLetters: DeadLetterV1[];
}
