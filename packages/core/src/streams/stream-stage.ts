import type { OpenMdrBus } from '../bus/openmdr-events.js';
import { OpenMdrError } from '../errors/openmdr-error.js';
import { redactString } from '../errors/redact.js';
import { CompareAndSetConflict, StreamError } from '../errors/runtime-errors.js';
import type { DeadLetter } from '../pipeline/dead-letter.js';
import type { TenantId } from '../runtime/tenant.js';
import type { JsonValue, KeyedLogEntry, LogEntry, Store } from '../storage/types.js';
import { compareEntryIds } from './entry-ids.js';
import type { StageStep, StreamStage } from './stage-types.js';
import { checkPositiveInteger } from './stream-options.js';
import type { EventStream, StreamBatch, StreamEntry, StreamSubscription } from './types.js';

/** Options of {@link runStreamStage}. */
export interface RunStreamStageOptions<S, T extends JsonValue = JsonValue> {
  /** The stream to consume. */
  readonly stream: EventStream;
  /** The shared store holding each partition's state and the stage's outputs. */
  readonly store: Store;
  /** The stage. */
  readonly stage: StreamStage<S, T>;
  /** The consumer group. Defaults to the stage's name. */
  readonly group?: string;
  /** This worker's name, unique within the group. */
  readonly consumer: string;
  /** The tenants to consume (or a function returning them, read every round). */
  readonly tenants: readonly string[] | (() => readonly string[] | Promise<readonly string[]>);
  /** The append-log stream the outputs go to. Defaults to `<stage.name>.outputs`. */
  readonly outputStream?: string;
  /**
   * The append-log stream of the entries the stage's step throws on (each a `DeadLetter`, keyed
   * by the entry id so it is written once). Defaults to `<stage.name>.dead-letters`.
   */
  readonly deadLetterStream?: string;
  /** At most this many entries per batch. Defaults to 500. */
  readonly batchSize?: number;
  /** Fairness: batches of one tenant per scheduling round. Defaults to 1. */
  readonly batchesPerTenantRound?: number;
  /** How long an idle read waits (ms). Defaults to 1,000. */
  readonly blockMs?: number;
  /** Pending entries idle this long (ms) are taken over from another worker. Defaults to 30,000. */
  readonly claimIdleMs?: number;
  /** A failed batch is read again no sooner than this (ms). Defaults to 100. */
  readonly retryDelayMs?: number;
  /** Where `stream.metrics` and `stream.partition` events go. */
  readonly bus?: OpenMdrBus;
  /** How often `stream.metrics` is emitted for the tenants this worker owns partitions of (ms). Defaults to 10,000. */
  readonly metricsIntervalMs?: number;
  /** Called with the outputs a batch wrote (never an output twice), after its state is saved. */
  readonly onOutputs?: (
    outputs: readonly LogEntry[],
    batch: StreamBatch<T>,
  ) => void | Promise<void>;
  /** Called when a batch fails (it stays pending and is retried). */
  readonly onError?: (error: unknown, batch: StreamBatch<T>) => void;
  /** Called when the stream engine fails (the stage keeps going). */
  readonly onEngineError?: (error: unknown) => void;
  /** Stops the stage when aborted. */
  readonly signal?: AbortSignal;
}

/** Counters of a running stage, since it started. */
export interface StreamStageStats {
  /** Batches whose effects were written and state saved. */
  readonly batches: number;
  /** Entries applied to the state. */
  readonly entriesProcessed: number;
  /** Outputs appended (first writes only; a batch that then failed counts its writes too). */
  readonly outputsWritten: number;
  /** Redelivered entries dropped because the partition's state had already applied them. */
  readonly duplicatesSkipped: number;
  /** Outputs dropped by `appendOnce` because their key was already written (a retried batch). */
  readonly duplicateOutputs: number;
  /** Batches that failed (and stayed pending): state conflicts, store errors. */
  readonly failedBatches: number;
  /** Entries the step threw on, written to the dead-letter stream and passed over. */
  readonly deadLettered: number;
}

/** A running stage: the subscription plus its counters. */
export interface StreamStageRun extends StreamSubscription {
  /** The counters so far. */
  stats(): StreamStageStats;
}

/** What the stage runner keeps under a partition's state key. */
interface PartitionState {
  /** The id of the last entry applied to `state` (`null` before the first). */
  appliedThrough: string | null;
  /** The stage's state, as its step returned it. */
  state: JsonValue;
}

/** The state key of a stage's partition: `stage/<stage>/<stream>/<partition>`. */
export function stageStateKey(stage: string, stream: string, partition: number): string {
  return `stage/${stage}/${stream}/${partition}`;
}

/**
 * Runs a {@link StreamStage} as one worker of a consumer group: every batch of a partition is
 * applied to that partition's state, kept in the shared store, and its outputs are written once.
 *
 * Per batch, in this order:
 * 1. read the partition's state key (`stage/<stage>/<stream>/<partition>`, see
 *    {@link stageStateKey}) from the tenant's store: `{ appliedThrough, state }` and its version;
 * 2. drop the entries whose id is at or before `appliedThrough` (already applied: a redelivery);
 * 3. `stage.step(state, entries)`;
 * 4. `log.appendOnce(outputStream, outputs)`;
 * 5. `state.compareAndSet(key, version, { appliedThrough: last id, state })`;
 * 6. only then resolve, which acknowledges the batch.
 *
 * Why that gives exactly-once effects, given at-least-once delivery and a `step` that is
 * deterministic (the same state and entries give the same state and the same output keys, and
 * applying entries in two batches gives what one batch gives):
 * - a crash before 4 leaves nothing behind: the batch is delivered again and computed again;
 * - a crash between 4 and 5 leaves outputs but an unchanged state: the redelivered batch is
 *   computed again from the same state, so it yields the same output keys, which `appendOnce`
 *   skips, and then the state is saved;
 * - a crash between 5 and 6 leaves the batch unacknowledged but applied: its redelivery is
 *   dropped at 2 (counted in `duplicatesSkipped`);
 * - two workers on one partition (a paused "zombie" whose lease expired while a new owner took
 *   over): the engines' leases fence reads, not a batch already read; the compare-and-set at 5
 *   fences the rest. Both read a version; the first to save wins and the other gets a
 *   `CompareAndSetConflict`, turned into a retryable `STREAM_STAGE` error, so its batch stays
 *   pending and is read again (by the partition's owner, after a claim) with the fresh state,
 *   where its entries are already applied. The loser's outputs from 4 are those the
 *   winner also computes from the same state (same keys), so nothing is written twice and no
 *   state update is lost.
 *
 * A step that throws on a batch is run again entry by entry: an entry it throws on (an event the
 * stage cannot handle) becomes a `DeadLetter` in `deadLetterStream`, written once (keyed by the
 * entry id), reported as `event.rejected` on the bus, and passed over; the rest of the batch is
 * applied, so one bad record never stops a partition. Because the step is deterministic the same
 * entries are passed over on every redelivery.
 *
 * A batch that fails otherwise (the store fails, the compare-and-set loses) is reported to
 * `onError` as a `STREAM_STAGE` error with the cause, and stays pending: it is read again (with
 * fresh state) after the subscription's `retryDelayMs`.
 *
 * @throws StreamError `STREAM_CONFIG` when an option is invalid.
 */
export function runStreamStage<S, T extends JsonValue = JsonValue>(
  options: RunStreamStageOptions<S, T>,
): StreamStageRun {
  checkPositiveInteger('metricsIntervalMs', options.metricsIntervalMs);
  const { stream, store, stage, bus } = options;
  const group = options.group ?? stage.name;
  const outputStream = options.outputStream ?? `${stage.name}.outputs`;
  const deadLetterStream = options.deadLetterStream ?? `${stage.name}.dead-letters`;
  const counters = {
    deadLettered: 0,
    batches: 0,
    entriesProcessed: 0,
    outputsWritten: 0,
    duplicatesSkipped: 0,
    duplicateOutputs: 0,
    failedBatches: 0,
  };

  const handler = async (batch: StreamBatch<T>): Promise<void> => {
    try {
      await applyBatch(batch);
    } catch (error) {
      if (StreamError.isInstance(error) && error.code === 'STREAM_STAGE') throw error;
      throw new StreamError(
        `stage ${stage.name}: partition ${batch.partition} of tenant ${batch.tenant} failed: ${(error as Error).message}`,
        {
          code: 'STREAM_STAGE',
          isRetryable: OpenMdrError.isInstance(error) ? error.isRetryable : false,
          cause: error,
          details: { tenant: batch.tenant, partition: batch.partition, stage: stage.name },
        },
      );
    }
  };

  const applyBatch = async (batch: StreamBatch<T>): Promise<void> => {
    const tenantStore = store.forTenant(batch.tenant);
    const key = stageStateKey(stage.name, stream.name, batch.partition);
    const stored = await tenantStore.state.get<JsonValue>(key);
    const saved = stored?.value as PartitionState | undefined;
    const appliedThrough = saved?.appliedThrough ?? null;
    const fresh =
      appliedThrough === null
        ? batch.entries
        : batch.entries.filter((entry) => compareEntryIds(entry.id, appliedThrough) > 0);
    counters.duplicatesSkipped += batch.entries.length - fresh.length;
    const last = fresh.at(-1);
    if (last === undefined) return;
    const state = saved === undefined ? stage.initialState() : stage.restore(saved.state);
    const { step, letters } = stepIsolatingFailures(state, fresh, batch);
    if (letters.length > 0) {
      const stored = await tenantStore.log.appendOnce(deadLetterStream, letters);
      counters.deadLettered += stored.length;
      for (const letter of stored) {
        bus?.emit('event.rejected', {
          tenant: batch.tenant,
          pipeline: stage.name,
          deadLetter: letter.data as unknown as DeadLetter,
        });
      }
    }
    const written = await tenantStore.log.appendOnce(outputStream, step.outputs);
    counters.outputsWritten += written.length;
    counters.duplicateOutputs += step.outputs.length - written.length;
    const next: PartitionState = {
      appliedThrough: last.id,
      state: step.state as unknown as JsonValue,
    };
    try {
      await tenantStore.state.compareAndSet(
        key,
        stored?.version ?? null,
        next as unknown as JsonValue,
      );
    } catch (error) {
      if (!CompareAndSetConflict.isInstance(error)) throw error;
      throw new StreamError(
        `stage ${stage.name}: partition ${batch.partition} of tenant ${batch.tenant} was saved by another worker; the batch is retried with the fresh state`,
        {
          code: 'STREAM_STAGE',
          isRetryable: true,
          cause: error,
          details: { tenant: batch.tenant, partition: batch.partition, stage: stage.name },
        },
      );
    }
    counters.batches += 1;
    counters.entriesProcessed += fresh.length;
    await options.onOutputs?.(written, batch);
  };

  /** Steps the whole batch; when that throws, each entry alone, dead-lettering those that throw. */
  const stepIsolatingFailures = (
    state: S,
    entries: readonly StreamEntry<T>[],
    batch: StreamBatch<T>,
  ): { step: StageStep<S>; letters: KeyedLogEntry[] } => {
    const context = { tenant: batch.tenant, partition: batch.partition };
    try {
      return { step: stage.step(state, entries, context), letters: [] };
    } catch {
      // Find the entries that fail alone below.
    }
    let current = state;
    const outputs: KeyedLogEntry[] = [];
    const letters: KeyedLogEntry[] = [];
    for (const entry of entries) {
      try {
        const step = stage.step(current, [entry], context);
        current = step.state;
        outputs.push(...step.outputs);
      } catch (error) {
        letters.push({ key: entry.id, data: deadLetterOf(entry, error, batch) });
      }
    }
    return { step: { state: current, outputs }, letters };
  };

  const deadLetterOf = (
    entry: StreamEntry<T>,
    error: unknown,
    batch: StreamBatch<T>,
  ): JsonValue => {
    const letter: DeadLetter = {
      record: entry.data,
      id: entry.id,
      reason: {
        code: OpenMdrError.isInstance(error) ? error.code : 'STREAM_STAGE',
        message: redactString(error instanceof Error ? error.message : String(error)),
      },
      stage: `stage:${stage.name}`,
      tenant: batch.tenant,
      at: entry.appendedAt,
    };
    return letter as unknown as JsonValue;
  };

  const subscription = stream.subscribe<T>({
    group,
    consumer: options.consumer,
    tenants: options.tenants,
    handler,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.batchesPerTenantRound === undefined
      ? {}
      : { batchesPerTenantRound: options.batchesPerTenantRound }),
    ...(options.blockMs === undefined ? {} : { blockMs: options.blockMs }),
    ...(options.claimIdleMs === undefined ? {} : { claimIdleMs: options.claimIdleMs }),
    ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onError(error, batch) {
      counters.failedBatches += 1;
      options.onError?.(error, batch);
    },
    onEngineError(error) {
      options.onEngineError?.(error);
    },
    onPartitionChange(change) {
      bus?.emit('stream.partition', {
        tenant: change.tenant,
        stream: stream.name,
        group,
        partition: change.partition,
        consumer: options.consumer,
        change: change.change,
        ...(change.count === undefined ? {} : { count: change.count }),
      });
    },
  });

  let metricsTimer: ReturnType<typeof setInterval> | undefined;
  if (bus) {
    metricsTimer = setInterval(() => {
      void emitMetrics();
    }, options.metricsIntervalMs ?? 10_000);
    metricsTimer.unref?.();
  }
  const emitMetrics = async (): Promise<void> => {
    for (const tenant of subscription.assignments().keys()) {
      try {
        const partitions = await stream.metrics(tenant, group);
        bus?.emit('stream.metrics', {
          tenant: tenant as TenantId,
          stream: stream.name,
          group,
          partitions,
          at: Date.now(),
        });
      } catch (error) {
        options.onEngineError?.(error);
      }
    }
  };
  const done = subscription.done.finally(() => {
    if (metricsTimer) clearInterval(metricsTimer);
  });

  return {
    done,
    assignments: () => subscription.assignments(),
    async stop() {
      await subscription.stop();
      await done;
    },
    stats: () => ({ ...counters }),
  };
}
