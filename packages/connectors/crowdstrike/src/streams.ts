import type { ConnectorSession, StreamDefinition, VersionedState } from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead, paginate } from '@openmdr/connector-kit';
import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';
import { type CrowdStrikeClient, type FalconResponse, resourcesOf } from './client.js';
import type { CrowdStrikeConfig } from './config.js';
import { normalizeCrowdStrikeAlert } from './normalize-alert.js';
import { normalizeCrowdStrikeHost } from './normalize-host.js';

type Session = ConnectorSession<CrowdStrikeConfig, CrowdStrikeClient>;

const DAY_MS = 86_400_000;
/** Most ids per entities request (the Alerts and Hosts APIs accept up to 1 000 / 5 000). */
const ENTITY_CHUNK = 500;

/** FQL time literal: `'2026-03-02T08:00:00.000Z'`. */
function fqlTime(ms: number): string {
  return `'${new Date(ms).toISOString()}'`;
}

function timeOf(field: string, fallback: string) {
  return (record: JsonRecord): number => {
    const value = Date.parse(String(record[field] ?? record[fallback] ?? ''));
    return Number.isNaN(value) ? 0 : value;
  };
}

function sortByTime(records: JsonRecord[], time: (record: JsonRecord) => number, id: string) {
  return records.sort(
    (left, right) => time(left) - time(right) || String(left[id]).localeCompare(String(right[id])),
  );
}

function startOf(session: Session, client: CrowdStrikeClient): number {
  return session.config.startAt
    ? Date.parse(session.config.startAt)
    : client.api.serverNow() - DAY_MS;
}

/**
 * Reads alerts: `GET /alerts/queries/alerts/v2` with the FQL filter
 * `updated_timestamp:>='<since>'`, sorted ascending, paged by the `after` token, then
 * `POST /alerts/entities/alerts/v2 {composite_ids}` for the alerts themselves.
 */
async function* alertPages(
  session: Session,
  since: number,
): AsyncGenerator<{ records: JsonRecord[] }> {
  const { api } = session.client;
  const time = timeOf('updated_timestamp', 'created_timestamp');
  for await (const page of paginate<string>(api, {
    style: 'next-token',
    request: {
      path: '/alerts/queries/alerts/v2',
      query: {
        filter: `updated_timestamp:>=${fqlTime(since)}`,
        sort: 'updated_timestamp.asc',
        limit: session.config.pageSize,
      },
    },
    recordsPath: 'resources',
    tokenPath: 'meta.pagination.after',
    tokenParameter: 'after',
  })) {
    const records: JsonRecord[] = [];
    for (let index = 0; index < page.records.length; index += ENTITY_CHUNK) {
      const response = await api.request<FalconResponse<unknown>>({
        method: 'POST',
        path: '/alerts/entities/alerts/v2',
        json: { composite_ids: page.records.slice(index, index + ENTITY_CHUNK) },
      });
      records.push(...resourcesOf(response.data, 'alert entities').filter(isRecord));
    }
    yield { records: sortByTime(records, time, 'composite_id') };
  }
}

/**
 * Reads hosts: `GET /devices/queries/devices-scroll/v1` with `modified_timestamp:>='<since>'`,
 * sorted ascending, paged by the scroll `offset` token (it expires after 2 minutes, so each page
 * is fetched right away), then `POST /devices/entities/devices/v2 {ids}`.
 */
async function* hostPages(
  session: Session,
  since: number,
): AsyncGenerator<{ records: JsonRecord[] }> {
  const { api } = session.client;
  const time = timeOf('modified_timestamp', 'last_seen');
  const limit = session.config.pageSize;
  for await (const page of paginate<string>(api, {
    style: 'next-token',
    request: {
      path: '/devices/queries/devices-scroll/v1',
      query: {
        filter: `modified_timestamp:>=${fqlTime(since)}`,
        sort: 'modified_timestamp.asc',
        limit,
      },
    },
    recordsPath: 'resources',
    tokenPath: 'meta.pagination.offset',
    tokenParameter: 'offset',
  })) {
    const records: JsonRecord[] = [];
    for (let index = 0; index < page.records.length; index += ENTITY_CHUNK) {
      const response = await api.request<FalconResponse<unknown>>({
        method: 'POST',
        path: '/devices/entities/devices/v2',
        json: { ids: page.records.slice(index, index + ENTITY_CHUNK) },
      });
      records.push(...resourcesOf(response.data, 'device entities').filter(isRecord));
    }
    yield { records: sortByTime(records, time, 'device_id') };
    // The scroll keeps handing out tokens at its end: a short page is the last one.
    if (page.records.length < limit) return;
  }
}

function incremental(
  pages: (session: Session, since: number) => AsyncIterable<{ records: JsonRecord[] }>,
  idField: string,
  time: (record: JsonRecord) => number,
) {
  return async function* read(session: Session, state: VersionedState | undefined) {
    for await (const batch of incrementalRead<JsonRecord>({
      state: state as IncrementalState | undefined,
      startAt: startOf(session, session.client),
      lookbackMs: session.config.lookbackMs,
      // A record changes (status, assignment): each version is delivered once.
      idOf: (record) => `${String(record[idField])}@${time(record)}`,
      timeOf: time,
      pages: (since) => pages(session, since),
    })) {
      yield { records: batch.records, state: batch.state as unknown as VersionedState };
    }
  };
}

/** The `alerts` stream: Alerts API v2, incremental on `updated_timestamp`. */
export const alertsStream: StreamDefinition<CrowdStrikeConfig, CrowdStrikeClient> = {
  read: incremental(alertPages, 'composite_id', timeOf('updated_timestamp', 'created_timestamp')),
  normalize: (raw) => normalizeCrowdStrikeAlert(raw),
};

/** The `hosts` stream: Hosts API, incremental on `modified_timestamp`. */
export const hostsStream: StreamDefinition<CrowdStrikeConfig, CrowdStrikeClient> = {
  read: incremental(hostPages, 'device_id', timeOf('modified_timestamp', 'last_seen')),
  normalize: (raw) => normalizeCrowdStrikeHost(raw),
};
