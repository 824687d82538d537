import { randomBytes } from 'node:crypto';
import type {
  SimulatorRecord,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';

/** Paths of the simulated Event Streams. */
export const FALCON_STREAM_PATHS = {
  discover: '/sensors/entities/datafeed/v2',
  refresh: '/sensors/entities/datafeed-actions/v1/:partition',
  feed: '/sensors/entities/datafeed/v1/:partition',
} as const;

/** One stream session discovery opened: its app and when its token expires (epoch ms). */
export interface FalconStreamSession {
  /** The `appId` it was opened for. */
  readonly appId: string;
  /** When the token expires, unless refreshed. */
  expiresAt: number;
}

/**
 * The shared state of a simulated Event Streams: the events (with `metadata.offset`), the
 * firehose's URL once it runs, the sessions discovery opened and the refreshes received.
 */
export interface FalconEventFeed {
  /** Events in offset order (`{ metadata: { offset, … }, event }`). */
  readonly events: SimulatorRecord[];
  /** The firehose simulator's URL (set by `startFalconSimulator`). */
  firehoseUrl: string;
  /** Session token → session. */
  readonly sessions: Map<string, FalconStreamSession>;
  /** How long a session token lives without a refresh, ms. Default 30 minutes. */
  sessionLifetimeMs: number;
  /** `refreshActiveSessionInterval` answered by discovery, seconds. Default 1 800. */
  refreshIntervalSeconds: number;
  /** The `refresh_active_stream_session` calls received: appId and partition. */
  readonly refreshes: { appId: string; partition: string }[];
  /** Events served per connection before the server ends it (a cut stream). Default all. */
  eventsPerConnection?: number;
  /** The next this many discoveries hand out a token that has already expired. */
  expiredSessions: number;
  /** The clock of token expiry. */
  now(): number;
}

/** Options of {@link createFalconEventFeed}. */
export interface FalconEventFeedOptions {
  /** Events; `metadata.offset` is set to their index when missing. */
  events?: readonly SimulatorRecord[];
  /** Session token lifetime, ms. */
  sessionLifetimeMs?: number;
  /** Refresh interval announced, seconds. */
  refreshIntervalSeconds?: number;
  /** Events per connection. */
  eventsPerConnection?: number;
  /** The clock. Default `Date.now`. */
  now?: () => number;
}

/** A simulated Event Streams state for {@link eventStreamRoutes} and {@link firehoseOptions}. */
export function createFalconEventFeed(options: FalconEventFeedOptions = {}): FalconEventFeed {
  const events = (options.events ?? []).map((event, index) => {
    const metadata = (event['metadata'] ?? {}) as Record<string, unknown>;
    return typeof metadata['offset'] === 'number'
      ? { ...event }
      : { ...event, metadata: { ...metadata, offset: index } };
  });
  return {
    events,
    firehoseUrl: '',
    sessions: new Map(),
    sessionLifetimeMs: options.sessionLifetimeMs ?? 1_800_000,
    refreshIntervalSeconds: options.refreshIntervalSeconds ?? 1_800,
    refreshes: [],
    expiredSessions: 0,
    ...(options.eventsPerConnection !== undefined
      ? { eventsPerConnection: options.eventsPerConnection }
      : {}),
    now: options.now ?? Date.now,
  };
}

/** Appends an event with the next offset; returns the offset. */
export function pushStreamEvent(feed: FalconEventFeed, event: SimulatorRecord): number {
  const last = feed.events.at(-1)?.['metadata'] as { offset?: number } | undefined;
  const offset = (last?.offset ?? -1) + 1;
  feed.events.push({
    ...event,
    metadata: { ...((event['metadata'] ?? {}) as Record<string, unknown>), offset },
  });
  return offset;
}

function falconError(status: number, message: string) {
  return { status, body: { meta: {}, resources: [], errors: [{ code: status, message }] } };
}

/**
 * The Falcon API side of Event Streams (OAuth2-protected like the rest of the API): discovery
 * (`GET /sensors/entities/datafeed/v2?appId=&format=json`, one partition, a fresh session
 * token) and `POST /sensors/entities/datafeed-actions/v1/<partition>?action_name=
 * refresh_active_stream_session&appId=`, which extends the app's sessions.
 */
export function eventStreamRoutes(feed: FalconEventFeed): SimulatorRoute[] {
  return [
    {
      method: 'GET',
      path: FALCON_STREAM_PATHS.discover,
      handle: (request) => {
        const appId = request.query.get('appId');
        if (!appId || !/^[A-Za-z0-9]{1,32}$/.test(appId))
          return falconError(400, 'appId is required (1 to 32 alphanumerics)');
        const token = randomBytes(24).toString('base64url');
        const expired = feed.expiredSessions > 0;
        if (expired) feed.expiredSessions -= 1;
        const expiresAt = expired ? feed.now() - 1 : feed.now() + feed.sessionLifetimeMs;
        feed.sessions.set(token, { appId, expiresAt });
        const api = `http://${request.headers['host'] ?? '127.0.0.1'}`;
        return {
          body: {
            meta: { query_time: 0.01, powered_by: 'simulator', trace_id: 'sim-trace' },
            resources: [
              {
                dataFeedURL: `${feed.firehoseUrl}/sensors/entities/datafeed/v1/0?appId=${appId}`,
                sessionToken: { token, expiration: new Date(expiresAt).toISOString() },
                refreshActiveSessionURL: `${api}/sensors/entities/datafeed-actions/v1/0?appId=${appId}&action_name=refresh_active_stream_session`,
                refreshActiveSessionInterval: feed.refreshIntervalSeconds,
              },
            ],
            errors: [],
          },
        };
      },
    },
    {
      method: 'POST',
      path: FALCON_STREAM_PATHS.refresh,
      handle: (request) => {
        const appId = request.query.get('appId') ?? '';
        const partition = request.params['partition'] ?? '';
        if (request.query.get('action_name') !== 'refresh_active_stream_session')
          return falconError(400, 'action_name must be refresh_active_stream_session');
        const sessions = [...feed.sessions.values()].filter(
          (session) => session.appId === appId && session.expiresAt > feed.now(),
        );
        if (sessions.length === 0) return falconError(404, 'no active stream session found');
        for (const session of sessions) session.expiresAt = feed.now() + feed.sessionLifetimeMs;
        feed.refreshes.push({ appId, partition });
        return { body: { meta: {}, resources: [], errors: [] } };
      },
    },
  ];
}

/**
 * Options of the simulated firehose (the data feed host): `GET /sensors/entities/datafeed/v1/
 * <partition>?appId=&offset=` with `Authorization: Token <session token>`, answering the events
 * from `offset` as newline-delimited JSON with keep-alive blank lines, then ending the
 * connection (a real feed stays open; the reader's idle timeout ends it there).
 */
export function firehoseOptions(feed: FalconEventFeed): VendorSimulatorOptions {
  return {
    auth: {
      type: 'custom',
      verify: (request) => {
        const match = /^Token (.+)$/.exec(request.headers['authorization'] ?? '');
        const session = match?.[1] ? feed.sessions.get(match[1]) : undefined;
        return session !== undefined && session.expiresAt > feed.now();
      },
      rejection: { status: 401, body: { errors: [{ code: 401, message: 'invalid session' }] } },
    },
    routes: [
      {
        method: 'GET',
        path: FALCON_STREAM_PATHS.feed,
        handle: (request) => {
          const offset = Number(request.query.get('offset') ?? 0);
          const events = feed.events
            .filter((event) => {
              const eventOffset = (event['metadata'] as { offset?: number } | undefined)?.offset;
              return (eventOffset ?? 0) >= offset;
            })
            .slice(0, feed.eventsPerConnection ?? Number.POSITIVE_INFINITY);
          const lines = events.flatMap((event, index) =>
            index % 5 === 4 ? [JSON.stringify(event), ''] : [JSON.stringify(event)],
          );
          return {
            headers: { 'content-type': 'application/json' },
            body: lines.length > 0 ? `${lines.join('\n')}\n` : '\n',
          };
        },
      },
    ],
  };
}
