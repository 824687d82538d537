import {
  createVendorSimulator,
  hourAgo,
  type SimulatorRecord,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  type ENTRA_LISTS,
  ENTRA_SIM_CLIENT_ID,
  ENTRA_SIM_CLIENT_SECRET,
  ENTRA_SIM_TENANT,
  entraSimulatorOptions,
  type SimulatedEntraUser,
} from './routes.js';

/**
 * Starts a simulated Microsoft Entra ID tenant (Graph) on 127.0.0.1 serving `data`
 * (`signins`, `audits`, `riskyUsers`, `riskDetections`) and a directory of `users` whose
 * `accountEnabled` the actions change in place. Add records with
 * `simulator.addRecord('/v1.0/auditLogs/signIns', signIn)`.
 */
export async function startEntraSimulator(
  options: StartSimulatorOptions & {
    data?: Partial<Record<keyof typeof ENTRA_LISTS, readonly SimulatorRecord[]>>;
    users?: SimulatedEntraUser[];
  } = {},
): Promise<StartedSimulator<Record<string, unknown>>> {
  const simulator = await createVendorSimulator({
    ...entraSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const since = options.startAt ?? hourAgo();
  return startedSimulator(
    simulator,
    {
      tenantId: ENTRA_SIM_TENANT,
      clientId: ENTRA_SIM_CLIENT_ID,
      loginUrl: simulator.url,
      graphUrl: simulator.url,
      signins: { since },
      audits: { since },
      riskyUsers: { since },
      riskDetections: { since },
    },
    { entra_client_secret: ENTRA_SIM_CLIENT_SECRET },
  );
}
