import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  CLOUDTRAIL_CLIENT_ID,
  CLOUDTRAIL_CLIENT_SECRET,
  type CloudtrailSimulatorData,
  cloudtrailSimulatorOptions,
} from './routes.js';

/** The connector config a started AWS CloudTrail simulator hands out. */
export interface CloudtrailSimulatorConfig {
  /** The simulator's URL. */
  baseUrl: string;
  /** The placeholder client id. */
  clientId: string;
  /** Where reads start. */
  startAt: string;
}

/**
 * Starts a simulated AWS CloudTrail API on 127.0.0.1 serving `alerts`; `isolate-host` completes
 * after `pendingPolls` polls. Add alerts while it runs with
 * `simulated.simulator.addRecord('/api/v1/alerts', alert)`.
 *
 * @example
 * ```ts
 * const simulated = await startCloudtrailSimulator({ alerts });
 * const instance = await cloudtrailConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startCloudtrailSimulator(
  options: StartSimulatorOptions & CloudtrailSimulatorData = {},
): Promise<StartedSimulator<CloudtrailSimulatorConfig>> {
  const simulator = await createVendorSimulator({
    ...cloudtrailSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      baseUrl: simulator.url,
      clientId: CLOUDTRAIL_CLIENT_ID,
      startAt: options.startAt ?? hourAgo(),
    },
    { 'cloudtrail.client_secret': CLOUDTRAIL_CLIENT_SECRET },
  );
}
