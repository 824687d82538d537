import {
  createVendorSimulator,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import { MISP_AUTH_KEY, type MispSimulatorData, mispSimulatorOptions } from './routes.js';

/** The connector config a started MISP simulator hands out. */
export interface MispSimulatorConfig {
  /** The simulator's URL. */
  url: string;
  /** Where reads start. */
  startAt: string;
}

/**
 * Starts a simulated MISP instance on 127.0.0.1 serving `attributes` through
 * `POST /attributes/restSearch`. Add attributes while it runs with
 * `simulated.simulator.addRecord('/attributes/restSearch', attribute)`.
 *
 * @example
 * ```ts
 * const simulated = await startMispSimulator({ attributes });
 * const instance = await mispConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startMispSimulator(
  options: StartSimulatorOptions & MispSimulatorData = {},
): Promise<StartedSimulator<MispSimulatorConfig>> {
  const simulator = await createVendorSimulator({
    ...mispSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    { url: simulator.url, startAt: options.startAt ?? '2020-01-01T00:00:00Z' },
    { 'misp.auth_key': MISP_AUTH_KEY },
  );
}
