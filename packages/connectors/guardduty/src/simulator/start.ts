import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  GUARDDUTY_ACCESS_KEY,
  GUARDDUTY_REGION,
  type GuarddutySimulatorData,
  type GuarddutySimulatorState,
  guarddutySimulation,
} from './routes.js';

/** The connector config a started GuardDuty simulator hands out. */
export interface GuarddutySimulatorConfig {
  /** The simulated region. */
  region: string;
  /** The endpoint override: the simulator. */
  endpoint: { guardduty: string };
  /** Keys from the tenant's secrets (the placeholder key). */
  credentials: { type: 'keys' };
  /** Where reads start. */
  startAt: string;
}

/** The secrets a started GuardDuty simulator hands out: its placeholder access key. */
export function guarddutySimulatorSecrets(): Record<string, string> {
  return {
    'guardduty.access_key_id': GUARDDUTY_ACCESS_KEY.accessKeyId,
    'guardduty.secret_access_key': GUARDDUTY_ACCESS_KEY.secretAccessKey,
  };
}

/**
 * Starts a simulated GuardDuty detector on 127.0.0.1 serving `findings` (add findings while it
 * runs with `simulated.simulator.addRecord(GUARDDUTY_PATHS.findings, finding)`); `state` records
 * the calls and scripts AWS errors (`state.failNext('GetFindings', 'expired-token')`).
 *
 * @example
 * ```ts
 * const simulated = await startGuarddutySimulator({ findings });
 * const instance = await guarddutyConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startGuarddutySimulator(
  options: StartSimulatorOptions & GuarddutySimulatorData = {},
): Promise<StartedSimulator<GuarddutySimulatorConfig> & { state: GuarddutySimulatorState }> {
  const { options: simulatorOptions, state } = guarddutySimulation(options);
  const simulator = await createVendorSimulator({
    ...simulatorOptions,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const started = startedSimulator(
    simulator,
    {
      region: GUARDDUTY_REGION,
      endpoint: { guardduty: simulator.url },
      credentials: { type: 'keys' as const },
      startAt: options.startAt ?? hourAgo(),
    },
    guarddutySimulatorSecrets(),
  );
  return { ...started, state };
}
