import type {
  ConnectorSession,
  HttpClient,
  StreamDefinition,
  VersionedState,
} from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead, paginate } from '@openmdr/connector-kit';
import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';
import type { SentinelOneConfig } from './config.js';
import { normalizeSentinelOneAgent } from './normalize-agent.js';
import { normalizeSentinelOneThreat } from './normalize-threat.js';

type Session = ConnectorSession<SentinelOneConfig, HttpClient>;

const DAY_MS = 86_400_000;

/** The update time of a threat (`threatInfo.updatedAt`, v2.0's top-level `updatedAt`). */
export function threatUpdatedAt(record: JsonRecord): number {
  const info = isRecord(record['threatInfo']) ? record['threatInfo'] : {};
  const value = Date.parse(
    String(info['updatedAt'] ?? record['updatedAt'] ?? info['createdAt'] ?? ''),
  );
  return Number.isNaN(value) ? 0 : value;
}

/** The update time of an agent (`updatedAt`). */
export function agentUpdatedAt(record: JsonRecord): number {
  const value = Date.parse(String(record['updatedAt'] ?? record['createdAt'] ?? ''));
  return Number.isNaN(value) ? 0 : value;
}

/**
 * A Management API list read incrementally: `updatedAt__gte`, `sortBy=updatedAt&sortOrder=asc`,
 * `cursor` pagination (`pagination.nextCursor`), each version of a record (id and update time)
 * delivered once.
 */
function listStream(
  path: string,
  time: (record: JsonRecord) => number,
  normalize: StreamDefinition<SentinelOneConfig, HttpClient>['normalize'],
): StreamDefinition<SentinelOneConfig, HttpClient> {
  return {
    read: async function* (session: Session, state: VersionedState | undefined) {
      const { client, config } = session;
      for await (const batch of incrementalRead<JsonRecord>({
        state: state as IncrementalState | undefined,
        startAt: config.startAt ? Date.parse(config.startAt) : client.serverNow() - DAY_MS,
        lookbackMs: config.lookbackMs,
        idOf: (record) => `${String(record['id'])}@${time(record)}`,
        timeOf: time,
        pages: async function* (since) {
          for await (const page of paginate(client, {
            style: 'next-token',
            request: {
              path,
              query: {
                updatedAt__gte: new Date(since).toISOString(),
                sortBy: 'updatedAt',
                sortOrder: 'asc',
                limit: config.pageSize,
                ...(config.accountIds ? { accountIds: config.accountIds.join(',') } : {}),
                ...(config.siteIds ? { siteIds: config.siteIds.join(',') } : {}),
              },
            },
            recordsPath: 'data',
            tokenPath: 'pagination.nextCursor',
            tokenParameter: 'cursor',
          })) {
            yield { records: page.records.filter(isRecord) };
          }
        },
      })) {
        yield { records: batch.records, state: batch.state as unknown as VersionedState };
      }
    },
    normalize,
  };
}

/** The `threats` stream (`/web/api/v2.1/threats`). */
export const threatsStream = listStream('/web/api/v2.1/threats', threatUpdatedAt, (raw) =>
  normalizeSentinelOneThreat(raw),
);

/** The `agents` stream (`/web/api/v2.1/agents`). */
export const agentsStream = listStream('/web/api/v2.1/agents', agentUpdatedAt, (raw) =>
  normalizeSentinelOneAgent(raw),
);
