import type { SecretProvider } from '@openmdr/core';
import type { SimulatorFault, SimulatorRecord } from '../testing/simulator-types.js';
import { createTestSecretProvider } from '../testing/test-secret-provider.js';
import { createVendorSimulator, type VendorSimulator } from '../testing/vendor-simulator.js';
import {
  DEFENDER_CLIENT_ID,
  DEFENDER_CLIENT_SECRET,
  DEFENDER_TENANT,
  type DefenderSimulatorData,
  defenderSimulatorOptions,
} from './defender.js';
import {
  type ENTRA_LISTS,
  ENTRA_SIM_CLIENT_ID,
  ENTRA_SIM_CLIENT_SECRET,
  ENTRA_SIM_TENANT,
  entraSimulatorOptions,
  type SimulatedEntraUser,
} from './entra.js';
import { FALCON_CLIENT_ID, FALCON_CLIENT_SECRET, falconSimulatorOptions } from './falcon.js';
import { registerSimulator } from './simulator-registry.js';

/**
 * A started vendor simulator with what its connector needs: pass `config` and `secrets` to the
 * connector's `connect` (plus `tenant`). Credentials are test placeholders.
 */
export interface StartedSimulator<Config> {
  /** The running simulator: `url`, recorded `requests`, `addRecord`, `setFaults`, `close`. */
  simulator: VendorSimulator;
  /** The connector config pointing at the simulator. */
  config: Config;
  /** A secret provider holding the placeholder credentials. */
  secrets: SecretProvider;
  /** Stops the simulator. */
  close(): Promise<void>;
}

/** Common options of the start functions. */
export interface StartSimulatorOptions {
  /** Faults to inject (429, 5xx, slow responses, token expiry, late events). */
  faults?: readonly SimulatorFault[];
  /** Where incremental reads start (ISO 8601). Default: one hour before now. */
  startAt?: string;
}

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

function started<Config>(
  simulator: VendorSimulator,
  config: Config,
  secrets: Record<string, string>,
): StartedSimulator<Config> {
  registerSimulator(simulator);
  return {
    simulator,
    config,
    secrets: createTestSecretProvider(secrets),
    close: () => simulator.close(),
  };
}

/**
 * Starts a simulated CrowdStrike Falcon API on 127.0.0.1 serving `alerts` and `hosts`; device
 * actions `contain` / `lift_containment` complete after `pendingPolls` host polls. Add records
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
  return started(
    simulator,
    { baseUrl: simulator.url, clientId: FALCON_CLIENT_ID, startAt: options.startAt ?? hourAgo() },
    { 'crowdstrike.client_secret': FALCON_CLIENT_SECRET },
  );
}

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
  return started(
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
  return started(
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
