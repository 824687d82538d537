import {
  createVendorSimulator,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  TAXII_PASSWORD,
  TAXII_PATHS,
  TAXII_USERNAME,
  type TaxiiSimulatorData,
  taxiiSimulatorOptions,
} from './routes.js';

/** The connector config a started TAXII simulator hands out. */
export interface TaxiiSimulatorConfig {
  /** The simulator's discovery URL. */
  discoveryUrl: string;
  /** Basic credentials: the user name (the password is in the secrets). */
  auth: { type: 'basic'; username: string };
  /** Where reads start, when given. */
  startAt?: string;
}

/**
 * Starts a simulated TAXII 2.1 server on 127.0.0.1 serving `collections` behind HTTP Basic. Add
 * objects while it runs with
 * `simulated.simulator.addRecord(TAXII_PATHS.objects('indicators'), { ...stixObject, date_added })`.
 *
 * @example
 * ```ts
 * const simulated = await startTaxiiSimulator({ collections: { indicators: { title: 'IOCs', objects } } });
 * const instance = await taxiiConnector.connect({ ...simulated, tenant: 'acme' });
 * ```
 */
export async function startTaxiiSimulator(
  options: StartSimulatorOptions & TaxiiSimulatorData = {},
): Promise<StartedSimulator<TaxiiSimulatorConfig>> {
  const simulator = await createVendorSimulator({
    ...taxiiSimulatorOptions(options),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      discoveryUrl: `${simulator.url}${TAXII_PATHS.discovery}`,
      auth: { type: 'basic', username: TAXII_USERNAME },
      ...(options.startAt ? { startAt: options.startAt } : {}),
    },
    { 'taxii.password': TAXII_PASSWORD },
  );
}
