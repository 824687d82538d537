import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  SECURITYLAKE_CLIENT_ID,
  SECURITYLAKE_CLIENT_SECRET,
  type SecuritylakeSimulatorData,
  securitylakeSimulatorOptions,
} from './routes.js';

/** The connector config a started Amazon Security Lake simulator hands out. */
export interface SecuritylakeSimulatorConfig {
  /** The simulator's URL. */
  baseUrl: string;
  /** The placeholder client id. */
  clientId: string;
  /** Where reads start. */
  startAt: string;
}

/**
 * Starts a simulated Amazon Security Lake API on 127.0.0.1 serving `alerts`; `isolate-host` completes
 * after `pendingPolls` polls. Add alerts while it runs with
 * `simulated.simulator.addRecord('/api/v1/alerts', alert)`.
 *
 * @example
 * ```ts
 * const simulated = await startSecuritylakeSimulator({ alerts });
 * const instance = await securitylakeConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startSecuritylakeSimulator(
  options: StartSimulatorOptions & SecuritylakeSimulatorData = {},
): Promise<StartedSimulator<SecuritylakeSimulatorConfig>> {
  const simulator = await createVendorSimulator({
    ...securitylakeSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      baseUrl: simulator.url,
      clientId: SECURITYLAKE_CLIENT_ID,
      startAt: options.startAt ?? hourAgo(),
    },
    { 'securitylake.client_secret': SECURITYLAKE_CLIENT_SECRET },
  );
}
