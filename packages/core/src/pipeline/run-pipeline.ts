import { setTimeout as sleep } from 'node:timers/promises';
import type { OpenMdrBus } from '../bus/openmdr-events.js';
import { OpenMdrError } from '../errors/openmdr-error.js';
import { redactString } from '../errors/redact.js';
import { PipelineError, TenantIsolationError } from '../errors/runtime-errors.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { type Logger, silentLogger } from '../runtime/logger.js';
import { type TenantId, tenantId } from '../runtime/tenant.js';
import type { JsonValue, TenantStore } from '../storage/types.js';
import { AcknowledgementTracker } from './acknowledgement-tracker.js';
import type {
  Sink,
  SinkContext,
  Source,
  SourceBatch,
  Transform,
  TransformContext,
} from './contracts.js';
import type { DeadLetter, DeadLetterSink } from './dead-letter.js';
import type { Envelope } from './envelope.js';
import { isRejection, type RejectionReason } from './rejection.js';

/** Options of {@link runPipeline}. */
export interface PipelineOptions<I, O = I> {
  /** Names the pipeline in logs and bus events. Defaults to the source's name. */
  name?: string;
  /** The tenant every event must belong to; events of another tenant are dead-lettered. */
  tenant: string;
  /** Where events come from. */
  source: Source<I>;
  /** Applied in order to each event. Typed loosely: the chain's types are the caller's. */
  transforms?: readonly Transform<unknown, unknown>[];
  /** Where events go; each batch must be accepted by every sink. */
  sinks: readonly Sink<O>[];
  /** Where rejected records go, with their reason. */
  deadLetter: DeadLetterSink;
  /**
   * Keeps the source's checkpoint (under the source's name); must be the pipeline tenant's view.
   * Without it nothing is committed and every run starts from the beginning.
   */
  store?: TenantStore;
  /** Largest number of events per sink write; larger source batches are split. Default 500. */
  batchSize?: number;
  /** Largest number of source batches processed at once. Default 4. */
  concurrency?: number;
  /** Retries of a failing sink, dead-letter or checkpoint write. Default 3 attempts, 100 ms apart (growing). */
  retry?: { attempts?: number; delayMs?: number };
  /** Stops the pipeline gracefully: no more reads, in-flight batches finish, commit, close. */
  signal?: AbortSignal;
  /** Receives `event.accepted`, `event.rejected` and `checkpoint.committed`. */
  bus?: OpenMdrBus;
  /** Stamps dead letters. Defaults to the system clock. */
  clock?: Clock;
  /** Defaults to silent. */
  logger?: Logger;
}

/** What a pipeline run did. */
export interface PipelineSummary {
  /** The pipeline's name. */
  name: string;
  /** The pipeline's tenant. */
  tenant: TenantId;
  /** Batches read from the source. */
  batches: number;
  /** Events read from the source. */
  read: number;
  /** Events written to the sinks (after transforms). */
  written: number;
  /** Records sent to the dead-letter sink. */
  deadLettered: number;
  /** The last committed position (`undefined` when nothing was committed in this run). */
  committed: JsonValue | undefined;
  /** Why it stopped: the source ended, or the signal asked. */
  stoppedBy: 'end' | 'signal';
}

const ABORTED = Symbol('aborted');

/**
 * Runs a pipeline until its source ends or `signal` aborts: reads batches from the source with
 * backpressure (at most `concurrency` in flight), applies the transforms, writes to every sink,
 * sends rejected records to the dead-letter sink, and commits the source's checkpoint only up to
 * the last batch such that it and every batch before it were fully accepted (at-least-once).
 *
 * @throws PipelineError (`PIPELINE_CONFIG`, `PIPELINE_SOURCE`, `PIPELINE_SINK`,
 * `PIPELINE_DEAD_LETTER`, `PIPELINE_CHECKPOINT`) after in-flight batches finished and what could
 * be committed was committed; the next run resumes from there.
 */
export async function runPipeline<I, O = I>(
  options: PipelineOptions<I, O>,
): Promise<PipelineSummary> {
  const tenant = tenantId(options.tenant);
  const name = options.name ?? options.source.name;
  const batchSize = positiveInteger('batchSize', options.batchSize ?? 500);
  const concurrency = positiveInteger('concurrency', options.concurrency ?? 4);
  const attempts = positiveInteger('retry.attempts', options.retry?.attempts ?? 3);
  const retryDelayMs = options.retry?.delayMs ?? 100;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const transforms = options.transforms ?? [];
  const { source, sinks, deadLetter, store, bus } = options;
  if (sinks.length === 0) {
    throw new PipelineError('a pipeline needs at least one sink', { code: 'PIPELINE_CONFIG' });
  }
  if (store && store.tenant !== tenant) {
    throw new TenantIsolationError(
      `pipeline ${name} of tenant ${tenant} cannot keep its checkpoint in the store of tenant ${store.tenant}`,
    );
  }

  const stop = new AbortController();
  const onExternalAbort = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) stop.abort(options.signal.reason);
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });

  const summary: PipelineSummary = {
    name,
    tenant,
    batches: 0,
    read: 0,
    written: 0,
    deadLettered: 0,
    committed: undefined,
    stoppedBy: 'end',
  };
  let failure: unknown;
  const fail = (error: unknown): void => {
    if (failure === undefined) failure = error;
    stop.abort(error);
  };

  const transformContext: TransformContext = { tenant, logger };
  const sinkContext: SinkContext = { tenant, signal: stop.signal };

  const withRetry = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await body();
      } catch (error) {
        const permanent = OpenMdrError.isInstance(error) && !error.isRetryable;
        if (permanent || attempt >= attempts) throw error;
        logger.warn(
          { pipeline: name, tenant, attempt, error: describe(error) },
          `${what} failed, retrying`,
        );
        await sleep(retryDelayMs * attempt);
      }
    }
  };

  const letter = (
    stage: string,
    reason: RejectionReason,
    record: unknown,
    id?: string,
  ): DeadLetter => {
    const dead: DeadLetter = {
      record,
      reason: { ...reason, message: redactString(reason.message) },
      stage,
      tenant,
      at: clock.now(),
    };
    if (id !== undefined) dead.id = id;
    return dead;
  };

  const foreign = (stage: string, envelope: Envelope<unknown>): DeadLetter =>
    letter(
      stage,
      {
        code: 'TENANT_MISMATCH',
        message: `event belongs to another tenant than the pipeline's (${tenant}); record withheld`,
        path: ['tenant'],
      },
      { withheld: true },
      typeof envelope.id === 'string' ? envelope.id : undefined,
    );

  const applyTransforms = async (
    envelope: Envelope<unknown>,
    letters: DeadLetter[],
    out: Envelope<O>[],
  ) => {
    let current: Envelope<unknown>[] = [envelope];
    for (const transform of transforms) {
      const next: Envelope<unknown>[] = [];
      for (const item of current) {
        let result: unknown;
        try {
          const returned = transform.apply(item, transformContext);
          result = isPromiseLike(returned) ? await returned : returned;
        } catch (error) {
          letters.push(letter(`transform:${transform.name}`, reasonOf(error), item.event, item.id));
          continue;
        }
        if (result === undefined || result === null) continue;
        if (isRejection(result)) {
          letters.push(letter(`transform:${transform.name}`, result.reason, item.event, item.id));
          continue;
        }
        const list = (Array.isArray(result) ? result : [result]) as Envelope<unknown>[];
        for (const output of list) {
          if (output.tenant !== tenant)
            letters.push(foreign(`transform:${transform.name}`, output));
          else next.push(output);
        }
      }
      current = next;
    }
    for (const item of current) out.push(item as Envelope<O>);
  };

  const processBatch = async (batch: SourceBatch<I>): Promise<void> => {
    const letters: DeadLetter[] = [];
    const outputs: Envelope<O>[] = [];
    for (const envelope of batch.events as readonly Envelope<unknown>[]) {
      if (
        envelope === null ||
        typeof envelope !== 'object' ||
        typeof envelope.id !== 'string' ||
        envelope.id === ''
      ) {
        letters.push(
          letter(
            'source',
            {
              code: 'INVALID_ENVELOPE',
              message: 'an event needs a non-empty string id',
              path: ['id'],
            },
            envelope,
          ),
        );
        continue;
      }
      if (envelope.tenant !== tenant) {
        letters.push(foreign('source', envelope));
        continue;
      }
      if (transforms.length === 0) outputs.push(envelope as Envelope<O>);
      else await applyTransforms(envelope, letters, outputs);
    }
    for (let start = 0; start < outputs.length; start += batchSize) {
      const chunk = outputs.length <= batchSize ? outputs : outputs.slice(start, start + batchSize);
      await Promise.all(
        sinks.map(async (sink) => {
          let result: Awaited<ReturnType<Sink<O>['write']>>;
          try {
            result = await withRetry(`sink ${sink.name}`, () => sink.write(chunk, sinkContext));
          } catch (error) {
            throw new PipelineError(
              `sink ${sink.name} of pipeline ${name} failed: ${describe(error).message}`,
              {
                code: 'PIPELINE_SINK',
                cause: error,
                isRetryable: !OpenMdrError.isInstance(error) || error.isRetryable,
                details: { pipeline: name, sink: sink.name },
              },
            );
          }
          for (const rejected of result?.rejected ?? []) {
            const envelope = chunk[rejected.index];
            letters.push(
              letter(`sink:${sink.name}`, rejected.reason, envelope?.event, envelope?.id),
            );
          }
        }),
      );
      summary.written += chunk.length;
      bus?.emit('event.accepted', { tenant, pipeline: name, count: chunk.length });
    }
    if (letters.length > 0) {
      try {
        await withRetry('dead-letter write', () => deadLetter.write(letters));
      } catch (error) {
        throw new PipelineError(
          `dead-letter sink of pipeline ${name} failed: ${describe(error).message}`,
          {
            code: 'PIPELINE_DEAD_LETTER',
            cause: error,
            details: { pipeline: name },
          },
        );
      }
      summary.deadLettered += letters.length;
      if (bus)
        for (const dead of letters)
          bus.emit('event.rejected', { tenant, pipeline: name, deadLetter: dead });
    }
  };

  // Commits are serialised and coalesced: only the newest committable position is written.
  let pendingPosition: { position: JsonValue } | undefined;
  let commitChain: Promise<void> = Promise.resolve();
  const scheduleCommit = (position: JsonValue): void => {
    if (!store) return;
    pendingPosition = { position };
    commitChain = commitChain.then(async () => {
      if (!pendingPosition) return;
      const { position: next } = pendingPosition;
      pendingPosition = undefined;
      try {
        await withRetry('checkpoint commit', () => store.checkpoints.commit(source.name, next));
      } catch (error) {
        fail(
          new PipelineError(
            `checkpoint commit of pipeline ${name} failed: ${describe(error).message}`,
            {
              code: 'PIPELINE_CHECKPOINT',
              cause: error,
              isRetryable: true,
              details: { pipeline: name, source: source.name },
            },
          ),
        );
        return;
      }
      summary.committed = next;
      bus?.emit('checkpoint.committed', {
        tenant,
        pipeline: name,
        source: source.name,
        position: next,
      });
    });
  };

  const tracker = new AcknowledgementTracker();
  const inFlight = new Set<Promise<void>>();
  let iterator: AsyncIterator<SourceBatch<I>> | undefined;
  let iteratorBusy = false;
  try {
    let checkpoint: JsonValue | undefined;
    try {
      checkpoint = store ? (await store.checkpoints.get(source.name))?.position : undefined;
    } catch (error) {
      throw new PipelineError(
        `cannot read the checkpoint of pipeline ${name}: ${describe(error).message}`,
        {
          code: 'PIPELINE_CHECKPOINT',
          cause: error,
          isRetryable: true,
          details: { pipeline: name, source: source.name },
        },
      );
    }
    iterator = source.read({ checkpoint, signal: stop.signal })[Symbol.asyncIterator]();
    while (!stop.signal.aborted) {
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (stop.signal.aborted) break;
      iteratorBusy = true;
      const next = await untilAborted(iterator.next(), stop.signal);
      if (next === ABORTED) break;
      iteratorBusy = false;
      if (next.done) break;
      const batch = next.value;
      const ticket = tracker.open(batch.position);
      summary.batches++;
      summary.read += batch.events.length;
      const task: Promise<void> = processBatch(batch).then(
        () => {
          const position = tracker.complete(ticket);
          if (position !== undefined) scheduleCommit(position);
        },
        (error: unknown) => fail(error),
      );
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    }
  } catch (error) {
    if (PipelineError.isInstance(error) && error.code === 'PIPELINE_CHECKPOINT') fail(error);
    else
      fail(
        new PipelineError(
          `source ${source.name} of pipeline ${name} failed: ${describe(error).message}`,
          {
            code: 'PIPELINE_SOURCE',
            cause: error,
            isRetryable: !OpenMdrError.isInstance(error) || error.isRetryable,
            details: { pipeline: name, source: source.name },
          },
        ),
      );
  }
  if (failure === undefined && stop.signal.aborted) summary.stoppedBy = 'signal';
  await Promise.all(inFlight);
  await commitChain;
  options.signal?.removeEventListener('abort', onExternalAbort);

  // A pending `next()` may never settle; ask the iterator to finish without waiting for it.
  if (iterator?.return) {
    const closing = Promise.resolve(iterator.return()).catch(() => {});
    if (!iteratorBusy) await closing;
  }
  for (const closable of [source, ...sinks]) {
    try {
      await closable.close?.();
    } catch (error) {
      logger.warn({ pipeline: name, tenant, error: describe(error) }, 'close failed');
    }
  }
  logger.info(
    { ...summary, committed: summary.committed === undefined ? null : summary.committed },
    'pipeline stopped',
  );
  if (failure !== undefined) throw failure;
  return summary;
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new PipelineError(`invalid ${option}: must be a positive integer`, {
      code: 'PIPELINE_CONFIG',
      details: { [option]: value },
    });
  }
  return value;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.resolve(ABORTED);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      resolve(ABORTED);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function describe(error: unknown): { code: string | undefined; message: string } {
  if (OpenMdrError.isInstance(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: undefined, message: redactString(error.message) };
  return { code: undefined, message: redactString(String(error)) };
}

function reasonOf(error: unknown): RejectionReason {
  const { code, message } = describe(error);
  const reason: RejectionReason = { code: code ?? 'TRANSFORM_FAILED', message };
  const path = OpenMdrError.isInstance(error) ? error.details?.['path'] : undefined;
  if (
    Array.isArray(path) &&
    path.every((part) => typeof part === 'string' || typeof part === 'number')
  ) {
    reason.path = path;
  }
  return reason;
}
