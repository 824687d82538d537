import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  SECURITYHUB_CLIENT_ID,
  SECURITYHUB_CLIENT_SECRET,
  type SecurityhubSimulatorData,
  securityhubSimulatorOptions,
} from './routes.js';

/** The connector config a started AWS Security Hub simulator hands out. */
export interface SecurityhubSimulatorConfig {
  /** The simulator's URL. */
  baseUrl: string;
  /** The placeholder client id. */
  clientId: string;
  /** Where reads start. */
  startAt: string;
}

/**
 * Starts a simulated AWS Security Hub API on 127.0.0.1 serving `alerts`; `isolate-host` completes
 * after `pendingPolls` polls. Add alerts while it runs with
 * `simulated.simulator.addRecord('/api/v1/alerts', alert)`.
 *
 * @example
 * ```ts
 * const simulated = await startSecurityhubSimulator({ alerts });
 * const instance = await securityhubConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startSecurityhubSimulator(
  options: StartSimulatorOptions & SecurityhubSimulatorData = {},
): Promise<StartedSimulator<SecurityhubSimulatorConfig>> {
  const simulator = await createVendorSimulator({
    ...securityhubSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      baseUrl: simulator.url,
      clientId: SECURITYHUB_CLIENT_ID,
      startAt: options.startAt ?? hourAgo(),
    },
    { 'securityhub.client_secret': SECURITYHUB_CLIENT_SECRET },
  );
}
