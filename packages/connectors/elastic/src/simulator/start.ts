import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import { ELASTIC_API_KEY, type ElasticSimulatorData, elasticSimulatorOptions } from './routes.js';

/** The connector config a started Elastic simulator hands out. */
export interface ElasticSimulatorConfig {
  /** The simulator's URL (Elasticsearch). */
  elasticsearchUrl: string;
  /** The simulator's URL (Kibana, same server). */
  kibanaUrl: string;
  /** Where reads start. */
  startAt: string;
}

/**
 * Starts a simulated Elastic deployment (Elasticsearch and Kibana on one 127.0.0.1 server)
 * serving `alerts` and `events`; its API key is in the returned secret provider as
 * `elastic.api_key`. Add documents while it runs with
 * `simulated.simulator.addRecord(ELASTIC_PATHS.alerts, { _id, ...fields })`.
 *
 * @example
 * ```ts
 * const simulated = await startElasticSimulator({ alerts });
 * const instance = await elasticConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startElasticSimulator(
  options: StartSimulatorOptions & ElasticSimulatorData = {},
): Promise<StartedSimulator<ElasticSimulatorConfig>> {
  const simulator = await createVendorSimulator({
    ...elasticSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      elasticsearchUrl: simulator.url,
      kibanaUrl: simulator.url,
      startAt: options.startAt ?? hourAgo(),
    },
    { 'elastic.api_key': ELASTIC_API_KEY },
  );
}
