import type { TenantId } from '@openmdr/core';
import type {
  ActionInputV1,
  ActionManifestsV1,
  ActionNameV1,
  ActionOutputV1,
  ActionResultV1,
} from './action-v1.js';
import type { ConnectorManifestV1 } from './manifest-v1.js';
import type { NormalizedBatchV1, NormalizedEventV1 } from './normalized-event-v1.js';
import type { SearchCapableV1 } from './search-v1.js';
import type { ReadBatchV1 } from './stream-v1.js';

/** Options of {@link ConnectorInstanceV1.runAction}. */
export interface RunActionOptionsV1 {
  /** Wait between polls, in milliseconds. Default 2 000. */
  pollIntervalMs?: number;
  /** Give up after this long from the start, in milliseconds. Default 300 000 (5 minutes). */
  timeoutMs?: number;
  /** Cancels the waits between polls (the action itself is not cancelled at the vendor). */
  signal?: AbortSignal;
}

/**
 * A connector connected for one tenant: what `ConnectorV1.connect` returns and what consumers
 * (the ingestion pipeline, the response layer, the CLI) call. One instance serves one tenant
 * with one validated config; it may be used concurrently (reads of different streams, actions),
 * and holds vendor connections until {@link ConnectorInstanceV1.close}.
 *
 * Errors are typed `OpenMdrError`s with a stable `code` and `isRetryable`, redacted (no
 * credential in any message, detail or cause).
 *
 * @typeParam Streams - the stream names.
 * @typeParam Actions - the action manifests by name.
 */
export interface ConnectorInstanceV1<
  Streams extends string = string,
  Actions extends ActionManifestsV1 = ActionManifestsV1,
> {
  /** The connector's manifest (the same object as `ConnectorV1.manifest`). */
  readonly manifest: ConnectorManifestV1<Streams, Actions>;
  /** The tenant this instance serves; every normalised event carries it in `metadata.tenant_uid`. */
  readonly tenant: TenantId;
  /**
   * Proves the config works by reaching the vendor cheaply with the credentials. Resolves when
   * it does; throws `ConnectorAuthError` (bad credentials), `ConnectorHttpError` (unreachable)
   * or another typed, secret-free error otherwise. Changes nothing at the vendor; safe to call
   * at any time.
   */
  check(): Promise<void>;
  /**
   * Reads a stream from a stored state: `undefined` (or `null`) for a first run, else a state a
   * previous read yielded, migrated first to the manifest's `stateVersion` (a state newer than
   * the code, or without a migration path, throws `ConnectorStateError`; an unknown stream
   * `ConnectorDefinitionError`: call and iterate inside the same `try`). Nothing is requested
   * from the vendor until iteration starts; stop iterating to stop reading. Yields batches in
   * order, each with the state after it (see {@link ReadBatchV1}); the iteration ends when the
   * stream is caught up to the vendor's present. Vendor failures are thrown as typed errors
   * after the kit's retries; the last state yielded stays a valid resume point.
   */
  read(stream: Streams, state?: unknown): AsyncIterable<ReadBatchV1>;
  /**
   * Normalises one raw record of `stream` to OCSF events (one record may give several, or
   * none). Pure: no I/O. Throws the normaliser's typed error (`NormalizationError`) for a
   * record it cannot map.
   */
  normalize(stream: Streams, raw: unknown): NormalizedEventV1[];
  /**
   * Normalises a batch: records that fail go to `deadLetters` with the reason, the others go
   * on. Never throws for a bad record.
   */
  normalizeBatch(stream: Streams, records: readonly unknown[]): NormalizedBatchV1;
  /**
   * Starts an action once. The input is checked against the action's `input` schema first
   * (`ConnectorActionError` with `details.issues`, before any vendor call). Synchronous actions
   * answer `completed` or `failed`; asynchronous ones may answer `pending` with a handle for
   * {@link ConnectorInstanceV1.pollAction}. Not idempotent by itself: each call acts at the
   * vendor (most containment and account actions are idempotent at the vendor, but the caller
   * owns de-duplication, as the response dispatcher does by request id). An unknown action
   * throws `ConnectorActionError`.
   */
  startAction<Name extends ActionNameV1<Actions>>(
    name: Name,
    input: ActionInputV1<Actions[Name]>,
  ): Promise<ActionResultV1<ActionOutputV1<Actions[Name]>>>;
  /**
   * Asks the vendor once where an asynchronous action stands, by the handle `startAction` (or a
   * previous poll) returned. Read-only and safe to repeat. A synchronous action throws
   * `ConnectorActionError`.
   */
  pollAction<Name extends ActionNameV1<Actions>>(
    name: Name,
    handle: string,
  ): Promise<ActionResultV1<ActionOutputV1<Actions[Name]>>>;
  /**
   * Starts an action and polls it every `pollIntervalMs` until it completes; resolves with the
   * validated output. A `failed` result throws `ConnectorActionError` with the vendor's reason;
   * running past `timeoutMs` throws a retryable `ConnectorActionError` whose `details.handle`
   * lets a caller poll on later.
   */
  runAction<Name extends ActionNameV1<Actions>>(
    name: Name,
    input: ActionInputV1<Actions[Name]>,
    options?: RunActionOptionsV1,
  ): Promise<ActionOutputV1<Actions[Name]>>;
  /**
   * The SIEM search of the instance's tenant (Splunk SPL, Elastic ES|QL, Sentinel KQL), for
   * hunts; absent from connectors that cannot search. Added in v1 as an optional member: test
   * for it before use.
   */
  readonly search?: SearchCapableV1;
  /** Releases the vendor client (connections, timers). Call once, after the last use. */
  close(): Promise<void>;
}
