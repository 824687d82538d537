import {
  ConnectorAuthError,
  ConnectorConfigError,
  ConnectorResponseError,
  type ConnectorSession,
  type StreamDefinition,
} from '@openmdr/connector-kit';
import { isRecord } from '@openmdr/connector-kit/normalize';
import { registerSecret } from '@openmdr/core';
import { type CrowdStrikeClient, type FalconResponse, resourcesOf } from './client.js';
import type { CrowdStrikeConfig } from './config.js';
import { linesOf, parseJsonKeepingBigIntegers } from './ndjson.js';
import {
  isKnownCrowdStrikeStreamEventType,
  normalizeCrowdStrikeStreamEvent,
} from './normalize-stream-event.js';

type Session = ConnectorSession<CrowdStrikeConfig, CrowdStrikeClient>;

/** The state schema version of the `event-stream` stream. */
export const EVENT_STREAM_STATE_VERSION = 1;

/**
 * The state of the `event-stream` stream: per partition, the offset of the next event to read
 * (the last delivered `metadata.offset` + 1). The session token is never stored: each read opens
 * a session (discovery) and resumes at these offsets.
 */
export type EventStreamState = {
  /** State schema version (1). */
  version: 1;
  /** Partition number → next offset. */
  offsets: Record<string, number>;
};

/** One data feed of the discovery answer (`GET /sensors/entities/datafeed/v2`). */
interface DataFeed {
  dataFeedURL?: string;
  sessionToken?: { token?: string; expiration?: string };
  refreshActiveSessionURL?: string;
  refreshActiveSessionInterval?: number;
}

/** Refresh this long before the session's refresh interval runs out (FalconPy: 1 minute). */
const REFRESH_MARGIN_MS = 60_000;

function partitionOf(feed: DataFeed, index: number): string {
  const match = /datafeed-actions\/v1\/(\d+)/.exec(feed.refreshActiveSessionURL ?? '');
  return match?.[1] ?? String(index);
}

async function discover(session: Session, appId: string): Promise<DataFeed[]> {
  const response = await session.client.api.request<FalconResponse<DataFeed>>({
    path: '/sensors/entities/datafeed/v2',
    query: { appId, format: 'json' },
    ...(session.signal ? { signal: session.signal } : {}),
  });
  const feeds = resourcesOf(response.data, 'event stream discovery');
  for (const feed of feeds) {
    if (!feed.dataFeedURL || !feed.sessionToken?.token) {
      throw new ConnectorResponseError(
        'CrowdStrike event stream discovery: a feed without dataFeedURL or sessionToken',
        { details: { keys: Object.keys(feed) } },
      );
    }
    registerSecret(feed.sessionToken.token);
  }
  return feeds;
}

/** Keeps a stream session alive: `refresh_active_stream_session` before the interval runs out. */
class SessionKeeper {
  private refreshedAt: number;
  /** How many refreshes this keeper sent. */
  refreshes = 0;

  constructor(
    private readonly session: Session,
    private readonly feed: DataFeed,
    private readonly appId: string,
  ) {
    this.refreshedAt = session.context.clock.now();
  }

  private get dueAt(): number {
    const intervalMs = (this.feed.refreshActiveSessionInterval ?? 1800) * 1000;
    return this.refreshedAt + Math.max(intervalMs - REFRESH_MARGIN_MS, intervalMs / 2);
  }

  /** Refreshes the session when due. */
  async refreshIfDue(): Promise<void> {
    const now = this.session.context.clock.now();
    if (now < this.dueAt || !this.feed.refreshActiveSessionURL) return;
    const url = new URL(this.feed.refreshActiveSessionURL);
    if (!url.searchParams.has('action_name'))
      url.searchParams.set('action_name', 'refresh_active_stream_session');
    if (!url.searchParams.has('appId')) url.searchParams.set('appId', this.appId);
    await this.session.client.api.request({
      method: 'POST',
      path: url.toString(),
      json: {},
      ...(this.session.signal ? { signal: this.session.signal } : {}),
    });
    this.refreshedAt = now;
    this.refreshes += 1;
  }
}

function offsetOf(record: unknown): number | undefined {
  if (!isRecord(record) || !isRecord(record['metadata'])) return undefined;
  const offset = record['metadata']['offset'];
  return typeof offset === 'number' && Number.isInteger(offset) ? offset : undefined;
}

function eventTypeOf(record: unknown): string | undefined {
  if (!isRecord(record) || !isRecord(record['metadata'])) return undefined;
  const type = record['metadata']['eventType'];
  return typeof type === 'string' ? type : undefined;
}

/** Why a feed connection ended. */
type FeedEnd = 'ended' | 'idle' | 'limit' | 'expired';

interface FeedRead {
  readonly feed: DataFeed;
  readonly partition: string;
  readonly offsets: Record<string, number>;
  delivered: number;
}

/**
 * Reads one feed connection from the partition's offset, yielding batches; returns why it
 * ended. A line that is not JSON is delivered as is (the normaliser dead-letters it); events of
 * types outside `eventTypes` advance the offset without being delivered.
 */
async function* readFeed(
  session: Session,
  read: FeedRead,
  keeper: SessionKeeper,
): AsyncGenerator<unknown[], FeedEnd> {
  const { config, context } = session;
  const url = new URL(read.feed.dataFeedURL ?? '');
  const from = read.offsets[read.partition];
  if (from !== undefined) url.searchParams.set('offset', String(from));
  const controller = new AbortController();
  const abort = () => controller.abort(session.signal?.reason);
  session.signal?.addEventListener('abort', abort, { once: true });
  let idle = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      controller.abort(new Error('event stream idle'));
    }, config.streamIdleMs);
    timer.unref?.();
  };
  const wanted = config.eventTypes ? new Set(config.eventTypes) : undefined;
  let batch: unknown[] = [];
  let end: FeedEnd = 'ended';
  try {
    arm();
    let chunks: AsyncIterable<Uint8Array>;
    try {
      const response = await session.client
        .firehose(url.origin)
        .request<AsyncIterable<Uint8Array>>({
          path: url.toString(),
          headers: { authorization: `Token ${read.feed.sessionToken?.token ?? ''}` },
          responseType: 'stream',
          timeouts: { bodyMs: config.streamIdleMs + 5_000 },
          signal: controller.signal,
        });
      chunks = response.data;
    } catch (error) {
      // the session token expired between discovery and now: discover again
      if (ConnectorAuthError.isInstance(error)) return 'expired';
      throw error;
    }
    for await (const line of linesOf(chunks)) {
      arm();
      if (line.trim().length === 0) continue; // keep-alive
      let record: unknown;
      try {
        record = parseJsonKeepingBigIntegers(line);
      } catch {
        record = line;
      }
      const offset = offsetOf(record);
      if (offset !== undefined) {
        read.offsets[read.partition] = Math.max(read.offsets[read.partition] ?? 0, offset + 1);
      }
      const type = eventTypeOf(record);
      if (!wanted || type === undefined || wanted.has(type)) {
        batch.push(record);
        read.delivered += 1;
      }
      if (batch.length >= config.streamBatchSize) {
        yield batch;
        batch = [];
      }
      await keeper.refreshIfDue();
      if (read.delivered >= config.maxEventsPerRead) {
        end = 'limit';
        break;
      }
    }
  } catch (error) {
    if (!idle) {
      context.logger.debug({ error: (error as Error).message }, 'crowdstrike: event stream cut');
      throw error;
    }
    end = 'idle';
  } finally {
    clearTimeout(timer);
    session.signal?.removeEventListener('abort', abort);
    controller.abort();
  }
  if (batch.length > 0) yield batch;
  return end;
}

/**
 * Reads the Event Streams: discovery (`GET /sensors/entities/datafeed/v2?appId=&format=json`)
 * gives each partition's data feed URL and session token; each feed is read from the committed
 * offset (`&offset=`) as newline-delimited JSON until it has been idle for `streamIdleMs`, has
 * given `maxEventsPerRead` events or ends; the session is refreshed
 * (`POST …/datafeed-actions/v1/<partition>?action_name=refresh_active_stream_session`) before
 * its refresh interval runs out, and a token refused mid-read opens a new session at the same
 * offset.
 */
async function* readEventStream(
  session: Session,
  state: EventStreamState | undefined,
): AsyncGenerator<{ records: unknown[]; state: EventStreamState }> {
  const appId = session.config.appId;
  if (appId === undefined) {
    throw new ConnectorConfigError('crowdstrike', [
      { path: 'appId', message: 'the event-stream stream needs an Event Streams application id' },
    ]);
  }
  const offsets: Record<string, number> = { ...(state?.offsets ?? {}) };
  const snapshot = (): EventStreamState => ({
    version: EVENT_STREAM_STATE_VERSION,
    offsets: { ...offsets },
  });
  let yielded = false;
  let feeds = await discover(session, appId);
  for (let index = 0; index < feeds.length; index += 1) {
    const partition = partitionOf(feeds[index] ?? {}, index);
    let rediscovered = false;
    for (;;) {
      const feed = feeds[index] ?? {};
      const read: FeedRead = { feed, partition, offsets, delivered: 0 };
      const keeper = new SessionKeeper(session, feed, appId);
      const reader = readFeed(session, read, keeper);
      let next = await reader.next();
      while (!next.done) {
        yield { records: next.value, state: snapshot() };
        yielded = true;
        next = await reader.next();
      }
      if (next.value !== 'expired' || rediscovered) {
        if (next.value === 'expired') {
          throw new ConnectorAuthError(
            'CrowdStrike event stream: the data feed refused a fresh session token',
          );
        }
        break;
      }
      rediscovered = true;
      session.context.logger.info({ partition }, 'crowdstrike: stream session expired, reopening');
      feeds = await discover(session, appId);
    }
  }
  if (!yielded) yield { records: [], state: snapshot() };
}

/**
 * The `event-stream` stream: Falcon Event Streams (the streaming API), normalised by event type
 * ({@link normalizeCrowdStrikeStreamEvent}); event types the normaliser does not know are kept
 * as OCSF Base Event and logged as a warning.
 */
export const eventStream: StreamDefinition<CrowdStrikeConfig, CrowdStrikeClient> = {
  read: (session, state) => readEventStream(session, state as EventStreamState | undefined),
  normalize: (raw, session) => {
    const type = eventTypeOf(raw);
    if (type !== undefined && !isKnownCrowdStrikeStreamEventType(type)) {
      session.context.logger.warn(
        { eventType: type },
        'crowdstrike: unknown Event Streams event type, kept as OCSF Base Event',
      );
    }
    return normalizeCrowdStrikeStreamEvent(raw);
  },
};
