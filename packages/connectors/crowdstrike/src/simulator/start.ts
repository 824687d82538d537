import {
  createVendorSimulator,
  hourAgo,
  type SimulatorRecord,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import { FALCON_CLIENT_ID, FALCON_CLIENT_SECRET, falconSimulatorOptions } from './routes.js';

/**
 * Starts a simulated CrowdStrike Falcon API on 127.0.0.1 serving `alerts` and `hosts`; device
 * actions `contain` / `lift-containment` complete after `pendingPolls` host polls. Add records
 * while it runs with `simulator.addRecord('/alerts/queries/alerts/v2', alert)`.
 *
 * @example
 * ```ts
 * const falcon = await startFalconSimulator({ alerts, hosts });
 * const instance = await crowdstrikeConnector.connect({ ...falcon, tenant: 'acme' });
 * ```
 */
export async function startFalconSimulator(
  options: StartSimulatorOptions & {
    alerts?: readonly SimulatorRecord[];
    hosts?: readonly SimulatorRecord[];
    pendingPolls?: number;
  } = {},
): Promise<StartedSimulator<Record<string, unknown>>> {
  const simulator = await createVendorSimulator({
    ...falconSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    { baseUrl: simulator.url, clientId: FALCON_CLIENT_ID, startAt: options.startAt ?? hourAgo() },
    { 'crowdstrike.client_secret': FALCON_CLIENT_SECRET },
  );
}
