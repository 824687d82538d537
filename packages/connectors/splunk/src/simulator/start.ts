import {
  createVendorSimulator,
  hourAgo,
  registerSimulator,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  SPLUNK_HEC_TOKEN,
  SPLUNK_TOKEN,
  type SplunkSimulatorData,
  splunkSimulatorOptions,
} from './routes.js';

/** The connector config a started Splunk simulator hands out. */
export interface SplunkSimulatorConfig {
  /** The simulator's URL (management port). */
  baseUrl: string;
  /** Token auth. */
  auth: { type: 'token' };
  /** HEC on the same simulator. */
  hec: { url: string };
  /** Where reads start. */
  startAt: string;
}

/**
 * Starts a simulated Splunk deployment on 127.0.0.1 serving `notables` (and other indexes)
 * through search jobs, `notable_update` and HEC. Received HEC events are in
 * `simulated.simulator.records('hec:events')`.
 *
 * @example
 * ```ts
 * const simulated = await startSplunkSimulator({ notables });
 * const instance = await splunkConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startSplunkSimulator(
  options: StartSimulatorOptions & SplunkSimulatorData = {},
): Promise<StartedSimulator<SplunkSimulatorConfig>> {
  const simulator = registerSimulator(
    await createVendorSimulator({
      ...splunkSimulatorOptions(options),
      ...(options.faults ? { faults: options.faults } : {}),
    }),
  );
  return startedSimulator(
    simulator,
    {
      baseUrl: simulator.url,
      auth: { type: 'token' },
      hec: { url: simulator.url },
      startAt: options.startAt ?? hourAgo(),
    },
    { 'splunk.token': SPLUNK_TOKEN, 'splunk.hec_token': SPLUNK_HEC_TOKEN },
  );
}
