import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  GUARDDUTY_CLIENT_ID,
  GUARDDUTY_CLIENT_SECRET,
  type GuarddutySimulatorData,
  guarddutySimulatorOptions,
} from './routes.js';

/** The connector config a started Amazon GuardDuty simulator hands out. */
export interface GuarddutySimulatorConfig {
  /** The simulator's URL. */
  baseUrl: string;
  /** The placeholder client id. */
  clientId: string;
  /** Where reads start. */
  startAt: string;
}

/**
 * Starts a simulated Amazon GuardDuty API on 127.0.0.1 serving `alerts`; `isolate-host` completes
 * after `pendingPolls` polls. Add alerts while it runs with
 * `simulated.simulator.addRecord('/api/v1/alerts', alert)`.
 *
 * @example
 * ```ts
 * const simulated = await startGuarddutySimulator({ alerts });
 * const instance = await guarddutyConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startGuarddutySimulator(
  options: StartSimulatorOptions & GuarddutySimulatorData = {},
): Promise<StartedSimulator<GuarddutySimulatorConfig>> {
  const simulator = await createVendorSimulator({
    ...guarddutySimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      baseUrl: simulator.url,
      clientId: GUARDDUTY_CLIENT_ID,
      startAt: options.startAt ?? hourAgo(),
    },
    { 'guardduty.client_secret': GUARDDUTY_CLIENT_SECRET },
  );
}
