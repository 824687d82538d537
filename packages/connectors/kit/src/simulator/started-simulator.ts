import type { SecretProvider } from '@openmdr/core';
import { registerSimulator } from './simulator-registry.js';
import type { SimulatorFault } from './simulator-types.js';
import { createTestSecretProvider } from './test-secret-provider.js';
import type { VendorSimulator } from './vendor-simulator.js';

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

/** One hour before now, ISO 8601: where simulated incremental reads start by default. */
export const hourAgo = (): string => new Date(Date.now() - 3_600_000).toISOString();

/**
 * Registers a started simulator (so that its vendor-shaped routes find their datasets) and pairs
 * it with its connector config and a secret provider holding its placeholder credentials.
 */
export function startedSimulator<Config>(
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
