import type {
  ConnectorSession,
  DedupEntries,
  HttpClient,
  HttpResponse,
  ReadBatch,
  VersionedState,
} from '@openmdr/connector-kit';
import {
  ConnectorResponseError,
  INCREMENTAL_STATE_VERSION,
  incrementalRead,
  parseLinkHeader,
  parseRetryAfter,
} from '@openmdr/connector-kit';
import type { OktaConfig } from './config.js';
import type { OktaLogEvent } from './log-event.js';
import { oktaEventId } from './log-event-id.js';

/** The path of the System Log API. */
export const OKTA_LOGS_PATH = '/api/v1/logs';

/** The state of the `logs` stream (version 1). */
export interface OktaLogsState extends VersionedState {
  version: 1;
  /** Newest `published` time delivered, epoch ms. */
  watermark?: number;
  /** Recently delivered event `uuid`s with their times. */
  seen: DedupEntries;
  /** The `rel="next"` link to poll next (path and query on the org URL). */
  next?: string;
}

/** The Okta client the connector's streams and actions use. */
export interface OktaClient {
  /** The kit HTTP client on the org URL, with the configured credentials. */
  readonly http: HttpClient;
}

const DAY_MS = 86_400_000;

function timeOf(event: OktaLogEvent): number {
  const time = Date.parse(String(event.published));
  return Number.isNaN(time) ? 0 : time;
}

/** The next link as a path on the org (a link to another host or API is refused). */
function nextPath(response: HttpResponse): string | undefined {
  const link = parseLinkHeader(response.headers['link'], response.url.toString())['next'];
  if (!link) return undefined;
  const url = new URL(link);
  if (url.host !== response.url.host || url.pathname !== OKTA_LOGS_PATH) {
    throw new ConnectorResponseError('Okta sent a next link outside the System Log API', {
      details: { path: url.pathname },
    });
  }
  return `${url.pathname}${url.search}`;
}

/**
 * Reads the System Log in polling mode: the first request asks for events `since` a time in
 * ascending order, then the connector follows `Link: rel="next"` page after page. Okta always
 * sends a next link in polling mode, even with an empty page: the state keeps it and the next run
 * polls it (no event is missed, since Okta orders polling results by persistence time). Without a
 * next link (first run, or a server that stops sending one) a run starts at the last event time
 * minus the look-back and drops the events already delivered (by `uuid`, or an id derived from
 * the event's identifying fields when a proxy dropped it, with a warning). When
 * `X-Rate-Limit-Remaining` falls to the configured reserve, the read waits for
 * `X-Rate-Limit-Reset` before the next page: the `/api/v1/logs` bucket is org-wide.
 */
export async function* readOktaLogs(
  session: ConnectorSession<OktaConfig, OktaClient>,
  stored: VersionedState | undefined,
): AsyncGenerator<ReadBatch<OktaLogEvent>> {
  const { config, client, context } = session;
  const state = stored as OktaLogsState | undefined;
  const options = config.logs;
  let next = state?.next;
  const startAt = options.since ? Date.parse(options.since) : client.http.serverNow() - DAY_MS;

  // The look-back never reaches before a configured start: events before it are not wanted.
  const floor = options.since ? startAt : Number.NEGATIVE_INFINITY;
  async function* pages(from: number): AsyncGenerator<{ records: OktaLogEvent[] }> {
    const since = Math.max(from, floor);
    let request = next
      ? { path: next }
      : {
          path: OKTA_LOGS_PATH,
          query: {
            since: new Date(since).toISOString(),
            sortOrder: 'ASCENDING',
            limit: options.pageSize,
          },
        };
    for (let page = 0; page < options.maxPagesPerRun; page += 1) {
      const response = await client.http.request<unknown>({
        ...request,
        ...(session.signal ? { signal: session.signal } : {}),
      });
      if (!Array.isArray(response.data)) {
        throw new ConnectorResponseError('Okta System Log page is not a JSON array', {
          details: { path: OKTA_LOGS_PATH },
        });
      }
      next = nextPath(response);
      yield { records: response.data as OktaLogEvent[] };
      if (response.data.length === 0 || next === undefined) return;
      await respectRateLimit(response, options.reserveRequests, session);
      request = { path: next };
    }
  }

  for await (const batch of incrementalRead<OktaLogEvent>({
    state: state
      ? {
          version: INCREMENTAL_STATE_VERSION,
          ...(state.watermark === undefined ? {} : { watermark: state.watermark }),
          seen: state.seen,
        }
      : undefined,
    startAt,
    lookbackMs: options.lookbackMinutes * 60_000,
    idOf: oktaEventId,
    timeOf,
    pages,
    order: 'ascending',
  })) {
    const out: OktaLogsState = {
      version: 1,
      ...(batch.state.watermark === undefined ? {} : { watermark: batch.state.watermark }),
      seen: batch.state.seen,
      ...(next === undefined ? {} : { next }),
    };
    context.logger.debug(
      { records: batch.records.length, duplicates: batch.duplicates },
      'okta logs: batch',
    );
    const withoutUuid = batch.records.filter(
      (event) => typeof event.uuid !== 'string' || event.uuid.length === 0,
    ).length;
    if (withoutUuid > 0) {
      context.logger.warn(
        { records: withoutUuid },
        'okta logs: events without uuid; deduplicating them by a derived id',
      );
    }
    yield { records: batch.records, state: out };
  }
}

async function respectRateLimit(
  response: HttpResponse,
  reserve: number,
  session: ConnectorSession<OktaConfig, OktaClient>,
): Promise<void> {
  const remaining = Number(response.headers['x-rate-limit-remaining']);
  if (!Number.isFinite(remaining) || remaining > reserve) return;
  const reset = response.headers['x-rate-limit-reset'];
  if (reset === undefined) return;
  const wait = parseRetryAfter(
    { 'x-rate-limit-reset': reset, date: response.headers['date'] },
    session.context.clock,
  );
  if (wait === undefined || wait <= 0) return;
  session.context.logger.debug(
    { waitMs: wait, remaining },
    'okta logs: waiting for rate-limit reset',
  );
  await session.context.sleep(Math.min(wait, 60_000), session.signal);
}
