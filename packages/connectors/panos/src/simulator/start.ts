import {
  createVendorSimulator,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import { createPanosFirewall, type PanosFirewall } from './firewall.js';
import { PANOS_API_KEY, type PanosSimulatorData, panosSimulatorOptions } from './routes.js';

/** The connector config a started PAN-OS simulator hands out. */
export interface PanosSimulatorConfig {
  /** The simulator's URL. */
  baseUrl: string;
}

/** A started PAN-OS simulator and its firewall's registered-ip table. */
export interface StartedPanosSimulator extends StartedSimulator<PanosSimulatorConfig> {
  /** The table the User-ID calls change (`tagsOf(ip)` to assert a block). */
  firewall: PanosFirewall;
}

/**
 * Starts a simulated PAN-OS XML API on 127.0.0.1: key check, keygen, version, User-ID
 * register / unregister with tag timeouts (on `now`, default the wall clock) and
 * `show object registered-ip`. The secrets hold the placeholder key as `panos.api_key`.
 *
 * @example
 * ```ts
 * const simulated = await startPanosSimulator();
 * const instance = await panosConnector.connect({ ...simulated, tenant: 'acme' });
 * await instance.runAction('register-ip-tag', { ip: '203.0.113.7' });
 * simulated.firewall.tagsOf('203.0.113.7'); // ['openmdr-block']
 * ```
 */
export async function startPanosSimulator(
  options: Pick<StartSimulatorOptions, 'faults'> &
    Omit<PanosSimulatorData, 'firewall'> & { now?: () => number } = {},
): Promise<StartedPanosSimulator> {
  const firewall = createPanosFirewall(options.now ? { now: options.now } : {});
  const simulator = await createVendorSimulator({
    ...panosSimulatorOptions({ ...options, firewall }),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const started = startedSimulator(
    simulator,
    { baseUrl: simulator.url },
    { 'panos.api_key': options.apiKey ?? PANOS_API_KEY },
  );
  return { ...started, firewall };
}
