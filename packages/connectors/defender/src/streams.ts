import type {
  ConnectorSession,
  HttpClient,
  StreamDefinition,
  VersionedState,
} from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead } from '@openmdr/connector-kit';
import { type JsonRecord, readSortedODataPages } from '@openmdr/connector-kit/normalize';
import type { DefenderClient } from './client.js';
import type { DefenderConfig } from './config.js';
import { normalizeDefenderEndpointAlert } from './normalize-endpoint-alert.js';
import { normalizeDefenderGraphAlert } from './normalize-graph-alert.js';
import { normalizeDefenderIncident } from './normalize-incident.js';
import { normalizeDefenderMachine } from './normalize-machine.js';

type Session = ConnectorSession<DefenderConfig, DefenderClient>;

const DAY_MS = 86_400_000;

interface ListEndpoint {
  api: (client: DefenderClient) => HttpClient;
  path: string;
  timeField: string;
  fallbackTimeField: string;
  query?: Record<string, string>;
}

function timeOf(endpoint: ListEndpoint) {
  return (record: JsonRecord): number => {
    const value = Date.parse(
      String(record[endpoint.timeField] ?? record[endpoint.fallbackTimeField] ?? ''),
    );
    return Number.isNaN(value) ? 0 : value;
  };
}

/**
 * An OData list read incrementally: `$filter=<timeField> ge <since>`, every `@odata.nextLink`
 * followed, records sorted by time before they are yielded, each version of a record (id and
 * time) delivered once.
 */
function odataStream(
  endpoint: ListEndpoint,
  normalize: StreamDefinition<DefenderConfig, DefenderClient>['normalize'],
): StreamDefinition<DefenderConfig, DefenderClient> {
  const time = timeOf(endpoint);
  const idOf = (record: JsonRecord) => String(record['id']);
  return {
    read: async function* (session: Session, state: VersionedState | undefined) {
      const api = endpoint.api(session.client);
      for await (const batch of incrementalRead<JsonRecord>({
        state: state as IncrementalState | undefined,
        startAt: session.config.startAt
          ? Date.parse(session.config.startAt)
          : api.serverNow() - DAY_MS,
        lookbackMs: session.config.lookbackMs,
        idOf: (record) => `${idOf(record)}@${time(record)}`,
        timeOf: time,
        pages: (since) =>
          readSortedODataPages(api, {
            request: {
              path: endpoint.path,
              query: {
                $filter: `${endpoint.timeField} ge ${new Date(since).toISOString()}`,
                $top: session.config.pageSize,
                ...endpoint.query,
              },
            },
            timeOf: time,
            idOf,
            batchSize: session.config.pageSize,
          }),
      })) {
        yield { records: batch.records, state: batch.state as unknown as VersionedState };
      }
    },
    normalize,
  };
}

/** Defender for Endpoint alerts with their evidence (`/api/alerts`, `lastUpdateTime`). */
export const endpointAlertsStream = odataStream(
  {
    api: (client) => client.endpoint,
    path: '/api/alerts',
    timeField: 'lastUpdateTime',
    fallbackTimeField: 'alertCreationTime',
    query: { $expand: 'evidence' },
  },
  (raw) => normalizeDefenderEndpointAlert(raw),
);

/** Defender for Endpoint machines (`/api/machines`, `lastSeen`). */
export const machinesStream = odataStream(
  {
    api: (client) => client.endpoint,
    path: '/api/machines',
    timeField: 'lastSeen',
    fallbackTimeField: 'firstSeen',
  },
  (raw) => normalizeDefenderMachine(raw),
);

/** Defender XDR alerts of every Defender product (Graph `security/alerts_v2`). */
export const xdrAlertsStream = odataStream(
  {
    api: (client) => client.graph,
    path: '/v1.0/security/alerts_v2',
    timeField: 'lastUpdateDateTime',
    fallbackTimeField: 'createdDateTime',
  },
  (raw) => normalizeDefenderGraphAlert(raw),
);

/** Defender XDR incidents with their alerts (Graph `security/incidents?$expand=alerts`). */
export const incidentsStream = odataStream(
  {
    api: (client) => client.graph,
    path: '/v1.0/security/incidents',
    timeField: 'lastUpdateDateTime',
    fallbackTimeField: 'createdDateTime',
    query: { $expand: 'alerts' },
  },
  (raw) => normalizeDefenderIncident(raw),
);
