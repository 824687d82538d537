import type { Logger } from '../runtime/logger.js';
import type { TenantId } from '../runtime/tenant.js';
import type { JsonValue } from '../storage/types.js';
import type { Envelope } from './envelope.js';
import type { Rejection, RejectionReason } from './rejection.js';

/** What a source reads from: the last committed position and a signal to stop. */
export interface SourceReadOptions<P extends JsonValue = JsonValue> {
  /** The last committed position; `undefined` on the first run. Resume right after it. */
  checkpoint: P | undefined;
  /** Aborted when the pipeline stops: end the iteration soon, without yielding more. */
  signal: AbortSignal;
}

/**
 * A batch read from a source. `position` is where the source resumes from once every event of
 * this batch and of every batch before it was accepted by the sinks.
 */
export interface SourceBatch<T, P extends JsonValue = JsonValue> {
  /** The events, each with its tenant and stable id. May be empty (a position-only advance). */
  events: readonly Envelope<T>[];
  /** The position after this batch. */
  position: P;
}

/**
 * Where events come from: a connector's incremental read, a file, a queue. The pipeline pulls
 * (backpressure: it asks for the next batch only when it has room) and commits positions.
 */
export interface Source<T, P extends JsonValue = JsonValue> {
  /** Names the source's checkpoint: unique per tenant. */
  readonly name: string;
  /** Reads batches from just after `checkpoint`, in order. */
  read(options: SourceReadOptions<P>): AsyncIterable<SourceBatch<T, P>>;
  /** Releases connections; called once when the pipeline stops. */
  close?(): Promise<void>;
}

/** What a transform sees besides the record. */
export interface TransformContext {
  /** The pipeline's tenant. */
  tenant: TenantId;
  /** The pipeline's logger. */
  logger: Logger;
}

/**
 * What a transform returns: one envelope, several, none (`undefined`, `null` or `[]`: the event
 * is filtered out), or a {@link Rejection} (the record goes to the dead-letter sink).
 */
export type TransformResult<O> =
  | Envelope<O>
  | readonly Envelope<O>[]
  | null
  | undefined
  | Rejection;

/**
 * A step between source and sinks: normalise, enrich, filter, split. Output envelopes keep the
 * input's tenant (a changed tenant is rejected); a thrown error rejects the record with code
 * `TRANSFORM_FAILED` (or the error's `code`).
 */
export interface Transform<I, O> {
  /** Names the stage in dead letters. */
  readonly name: string;
  /** Transforms one envelope. */
  apply(
    envelope: Envelope<I>,
    context: TransformContext,
  ): TransformResult<O> | Promise<TransformResult<O>>;
}

/** What a sink write says about individual records; everything not listed was accepted. */
export interface SinkWriteResult {
  /** Records the sink refused, by index in the written array, with the reason. */
  rejected?: readonly { index: number; reason: RejectionReason }[];
}

/** What a sink sees besides the events. */
export interface SinkContext {
  /** The pipeline's tenant. */
  tenant: TenantId;
  /** Aborted when the pipeline is asked to stop; in-flight writes should still finish. */
  signal: AbortSignal;
}

/**
 * Where events go. A write that resolves means every event not listed in `rejected` is durably
 * accepted; a write that throws is retried, and the checkpoint does not pass it until it succeeds.
 * Writes must be idempotent by envelope id: after a crash the same events come again.
 */
export interface Sink<T> {
  /** Names the stage in dead letters. */
  readonly name: string;
  /** Accepts a batch. */
  write(events: readonly Envelope<T>[], context: SinkContext): Promise<SinkWriteResult | undefined>;
  /** Flushes and releases; called once when the pipeline stops. */
  close?(): Promise<void>;
}
