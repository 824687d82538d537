import type { ReadBatch, StreamDefinition, VersionedState } from '@openmdr/connector-kit';
import { ConnectorStateError } from '@openmdr/connector-kit';
import type { SecuritylakeClient } from './client.js';
import { type SecuritylakeConfig, securitylakeReadSources } from './config.js';
import { eventDayOf } from './lake/layout.js';
import { readSecurityLakeObject } from './lake/reader.js';
import type { SecurityLakeObjectInfo } from './lake/store.js';
import { normalizeLakeEvent } from './normalize.js';

/** The state version of the `events` stream. */
export const SECURITYLAKE_EVENTS_STATE_VERSION = 1;

/** Events per batch: an object larger than this is delivered in several batches. */
export const SECURITYLAKE_BATCH_EVENTS = 5_000;

const DAY_MS = 86_400_000;

/** An OCSF event as stored in the lake (OCSF 1.1.0). */
export type SecurityLakeEvent = Record<string, unknown>;

/**
 * The `events` stream's state: the newest `LastModified` delivered, the keys delivered inside
 * the look-back (so an object is delivered once), and the object being delivered when a read
 * stopped between two of its batches.
 */
export interface SecuritylakeEventsState extends VersionedState {
  /** The stream's state version. */
  version: typeof SECURITYLAKE_EVENTS_STATE_VERSION;
  /** The newest `LastModified` of a delivered object, epoch ms. */
  watermark: number;
  /** Delivered keys whose `LastModified` is inside the look-back, with it. */
  seen: Record<string, number>;
  /** The object a read stopped in: its key and the events already delivered. */
  partial?: { key: string; delivered: number };
}

function stateOf(state: VersionedState | undefined): SecuritylakeEventsState | undefined {
  if (state === undefined) return undefined;
  const { watermark, seen, partial } = state as Partial<SecuritylakeEventsState>;
  if (typeof watermark !== 'number' || typeof seen !== 'object' || seen === null) {
    throw new ConnectorStateError('securitylake.events state has no watermark or seen keys');
  }
  return {
    version: SECURITYLAKE_EVENTS_STATE_VERSION,
    watermark,
    seen: { ...seen },
    ...(partial ? { partial } : {}),
  };
}

/** The state after `object` was delivered whole. */
function advance(
  state: SecuritylakeEventsState,
  object: SecurityLakeObjectInfo,
  lookbackMs: number,
): SecuritylakeEventsState {
  const watermark = Math.max(state.watermark, object.lastModified);
  const seen: Record<string, number> = {};
  for (const [key, time] of Object.entries({ ...state.seen, [object.key]: object.lastModified })) {
    if (time >= watermark - lookbackMs) seen[key] = time;
  }
  return { version: SECURITYLAKE_EVENTS_STATE_VERSION, watermark, seen };
}

/**
 * The `events` stream: the OCSF events of the custom source's objects (`ext/<sourceName>/`, or
 * `ext/<sourceName>/<sourceVersion>/`) — or of the AWS native sources of `awsSources`
 * (`aws/<SOURCE>/<version>/`, objects AWS writes with their own column types, read by the same
 * reader) — object by object in the order they were stored (`LastModified`, then key). Each
 * run lists the sources (pruned to the
 * configured Regions and accounts, and to the `eventDay` partitions from `lateDays` before the
 * watermark's day), takes the objects stored at or after the watermark minus `lookbackMs` that
 * it has not delivered, and reads each (an S3 object is downloaded to a temporary file, read by
 * DuckDB and deleted) in batches of at most {@link SECURITYLAKE_BATCH_EVENTS} events, ordered
 * by `time`. An object written late into an older day's partition is found by its
 * `LastModified`, as long as its day is within `lateDays`. A read that stops inside an object
 * resumes after the events it delivered.
 */
export const eventsStream: StreamDefinition<
  SecuritylakeConfig,
  SecuritylakeClient,
  SecurityLakeEvent
> = {
  read: async function* ({ client, config, context, signal }, saved) {
    const startAt = config.startAt ? Date.parse(config.startAt) : context.clock.now() - DAY_MS;
    let state = stateOf(saved) ?? {
      version: SECURITYLAKE_EVENTS_STATE_VERSION,
      watermark: startAt,
      seen: {},
    };
    const since = saved === undefined ? startAt : state.watermark - config.lookbackMs;
    const objects: SecurityLakeObjectInfo[] = [];
    for (const source of securitylakeReadSources(config)) {
      objects.push(
        ...(await client.store.list({
          ...source,
          regions: config.regions,
          accountIds: config.accountIds,
          fromDay: eventDayOf(Math.min(since, state.watermark) - config.lateDays * DAY_MS),
        })),
      );
    }
    const pending = objects
      .filter((object) => object.lastModified >= since && !(object.key in state.seen))
      .sort(
        (a, b) => a.lastModified - b.lastModified || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
      );
    const partial = state.partial;
    const resumed = partial ? pending.findIndex((object) => object.key === partial.key) : -1;
    if (resumed > 0) pending.unshift(...pending.splice(resumed, 1));
    let yielded = false;
    for (const object of pending) {
      signal?.throwIfAborted();
      let delivered = state.partial?.key === object.key ? state.partial.delivered : 0;
      const before: SecuritylakeEventsState = {
        version: state.version,
        watermark: state.watermark,
        seen: state.seen,
      };
      const opened = await client.store.open(object);
      try {
        let records: SecurityLakeEvent[] = [];
        for await (const event of readSecurityLakeObject(opened.path, { offset: delivered })) {
          records.push(event);
          if (records.length >= SECURITYLAKE_BATCH_EVENTS) {
            delivered += records.length;
            state = { ...before, partial: { key: object.key, delivered } };
            yield { records, state } satisfies ReadBatch<SecurityLakeEvent>;
            yielded = true;
            records = [];
          }
        }
        state = advance(before, object, config.lookbackMs);
        yield { records, state } satisfies ReadBatch<SecurityLakeEvent>;
        yielded = true;
      } finally {
        await opened.release();
      }
    }
    if (!yielded) {
      const { partial: _dropped, ...rest } = state;
      yield { records: [], state: rest };
    }
  },
  normalize: (raw) => normalizeLakeEvent(raw),
};
