import {
  createVendorSimulator,
  hourAgo,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  DARKTRACE_PRIVATE_TOKEN,
  DARKTRACE_PUBLIC_TOKEN,
  type DarktraceSimulatorData,
  darktraceSimulatorOptions,
} from './routes.js';

/** The connector config a started Darktrace simulator hands out. */
export interface DarktraceSimulatorConfig {
  /** The simulator's URL. */
  baseUrl: string;
  /** The placeholder public token. */
  publicToken: string;
  /** Where reads start. */
  startAt: string;
}

/**
 * Starts a simulated Darktrace API on 127.0.0.1 serving `modelBreaches` and `incidents`, with
 * the signature check and the breach actions. Add records while it runs with
 * `simulated.simulator.addRecord('/modelbreaches', breach)`.
 *
 * @example
 * ```ts
 * const simulated = await startDarktraceSimulator({ modelBreaches, incidents });
 * const instance = await darktraceConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startDarktraceSimulator(
  options: StartSimulatorOptions & DarktraceSimulatorData = {},
): Promise<StartedSimulator<DarktraceSimulatorConfig>> {
  const simulator = await createVendorSimulator({
    ...darktraceSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      baseUrl: simulator.url,
      publicToken: DARKTRACE_PUBLIC_TOKEN,
      startAt: options.startAt ?? hourAgo(),
    },
    { 'darktrace.private_token': DARKTRACE_PRIVATE_TOKEN },
  );
}
