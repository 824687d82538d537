import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  SECURITYHUB_ACCESS_KEY,
  SECURITYHUB_REGION,
  type SecurityhubSimulatorData,
  type SecurityhubSimulatorState,
  securityhubSimulation,
} from './routes.js';

/** The connector config a started Security Hub simulator hands out. */
export interface SecurityhubSimulatorConfig {
  /** The simulated region. */
  region: string;
  /** The endpoint override: the simulator. */
  endpoint: { securityhub: string };
  /** Keys from the tenant's secrets (the placeholder key). */
  credentials: { type: 'keys' };
  /** Where reads start. */
  startAt: string;
}

/** The secrets a started Security Hub simulator hands out: its placeholder access key. */
export function securityhubSimulatorSecrets(): Record<string, string> {
  return {
    'securityhub.access_key_id': SECURITYHUB_ACCESS_KEY.accessKeyId,
    'securityhub.secret_access_key': SECURITYHUB_ACCESS_KEY.secretAccessKey,
  };
}

/**
 * Starts a simulated Security Hub on 127.0.0.1 serving `findings` (add findings while it runs
 * with `simulated.simulator.addRecord('/findings', finding)`); `state` records the calls and
 * scripts AWS errors (`state.failNext('GetFindings', 'throttling')`).
 *
 * @example
 * ```ts
 * const simulated = await startSecurityhubSimulator({ findings });
 * const instance = await securityhubConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startSecurityhubSimulator(
  options: StartSimulatorOptions & SecurityhubSimulatorData = {},
): Promise<StartedSimulator<SecurityhubSimulatorConfig> & { state: SecurityhubSimulatorState }> {
  const { options: simulatorOptions, state } = securityhubSimulation(options);
  const simulator = await createVendorSimulator({
    ...simulatorOptions,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const started = startedSimulator(
    simulator,
    {
      region: SECURITYHUB_REGION,
      endpoint: { securityhub: simulator.url },
      credentials: { type: 'keys' as const },
      startAt: options.startAt ?? hourAgo(),
    },
    securityhubSimulatorSecrets(),
  );
  return { ...started, state };
}
