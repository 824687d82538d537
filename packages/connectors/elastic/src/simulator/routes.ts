import type {
  SimulatorRecord,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { kibanaRoutes } from './kibana-routes.js';
import { type SearchRoutesOptions, searchRoutes } from './search-routes.js';
import { type WriteRoutesOptions, writeRoutes } from './write-routes.js';

export { type ElasticWrites, elasticWrites } from './write-routes.js';

/** The indices of the simulated deployment (dataset paths are `/<index>`). */
export const ELASTIC_INDICES = {
  alerts: '.alerts-security.alerts-default',
  events: 'logs-endpoint.events.process-default',
} as const;

/** Dataset paths of the simulated deployment. */
export const ELASTIC_PATHS = {
  alerts: `/${ELASTIC_INDICES.alerts}`,
  events: `/${ELASTIC_INDICES.events}`,
} as const;

/** The simulator's API key, `id:api_key` (a placeholder, never a real key). */
export const ELASTIC_API_KEY = 'sim-key-id:sim-api-key-0123456789';

const encoded = Buffer.from(ELASTIC_API_KEY).toString('base64');

/** Options of {@link elasticRoutes}. */
export interface ElasticRoutesOptions extends SearchRoutesOptions, WriteRoutesOptions {
  /** Polls an Elastic Defend response action stays pending. Default 1. */
  pendingPolls?: number;
}

/**
 * The routes of a simulated Elastic deployment (register the running simulator with
 * `registerSimulator`): Elasticsearch point in time (open, search with `search_after` on
 * `[@timestamp, _shard_doc]`, close, expiry), 429 `es_rejected_execution_exception`, ES|QL,
 * `_bulk` and index templates, and the Kibana detection alert status, case comment and Elastic
 * Defend isolation endpoints, which answer 400 without `kbn-xsrf`. The first index is the
 * alerts index.
 */
export function elasticRoutes(options: ElasticRoutesOptions): SimulatorRoute[] {
  return [
    ...searchRoutes(options),
    ...writeRoutes(options),
    ...kibanaRoutes(`/${options.indices[0]}`, options.pendingPolls ?? 1),
  ];
}

/** What a simulated Elastic deployment serves. */
export interface ElasticSimulatorData extends Partial<Omit<ElasticRoutesOptions, 'indices'>> {
  /** Alert documents (`{ _id, ...fields }`) of `.alerts-security.alerts-default`. */
  alerts?: readonly SimulatorRecord[];
  /** Documents of `logs-endpoint.events.process-default` (`{ _id, ...fields }`). */
  events?: readonly SimulatorRecord[];
}

/**
 * Options of a simulated Elastic deployment for `createVendorSimulator`: `Authorization: ApiKey`
 * with the placeholder {@link ELASTIC_API_KEY}, the alert and event indices as datasets, and
 * {@link elasticRoutes}. The framework adds 429s with `Retry-After`, 5xx, slow responses and
 * late events when asked.
 */
export function elasticSimulatorOptions(data: ElasticSimulatorData = {}): VendorSimulatorOptions {
  return {
    auth: { type: 'header', header: 'authorization', value: `ApiKey ${encoded}` },
    datasets: [
      {
        path: ELASTIC_PATHS.alerts,
        cursor: 'search-after',
        records: data.alerts ?? [],
        idField: '_id',
        timeField: '@timestamp',
      },
      {
        path: ELASTIC_PATHS.events,
        cursor: 'search-after',
        records: data.events ?? [],
        idField: '_id',
        timeField: '@timestamp',
      },
    ],
    routes: elasticRoutes({ ...data, indices: [ELASTIC_INDICES.alerts, ELASTIC_INDICES.events] }),
  };
}
