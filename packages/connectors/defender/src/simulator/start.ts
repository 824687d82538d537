import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  DEFENDER_CLIENT_ID,
  DEFENDER_CLIENT_SECRET,
  DEFENDER_TENANT,
  type DefenderSimulatorData,
  defenderSimulatorOptions,
} from './routes.js';

/**
 * Starts a simulated Microsoft Defender for Endpoint API and Microsoft Graph security API on
 * 127.0.0.1 serving `data` (`alerts`, `machines`, `xdr-alerts`, `incidents`); machine actions
 * complete after `pendingPolls` polls. Add records with
 * `simulator.addRecord('/v1.0/security/alerts_v2', alert)`.
 */
export async function startDefenderSimulator(
  options: StartSimulatorOptions & { data?: DefenderSimulatorData; pendingPolls?: number } = {},
): Promise<StartedSimulator<Record<string, unknown>>> {
  const simulator = await createVendorSimulator({
    ...defenderSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      tenantId: DEFENDER_TENANT,
      clientId: DEFENDER_CLIENT_ID,
      loginBaseUrl: simulator.url,
      endpointBaseUrl: simulator.url,
      graphBaseUrl: simulator.url,
      startAt: options.startAt ?? hourAgo(),
    },
    { 'defender.client_secret': DEFENDER_CLIENT_SECRET },
  );
}
