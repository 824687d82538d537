import { readFileSync } from 'node:fs';
import type { SimulatorRecord, VendorSimulatorOptions } from '@openmdr/connector-kit/simulator';
import { sentineloneSimulatorOptions as libraryOptions } from './simulator/index.js';

export { SENTINELONE_API_TOKEN, SENTINELONE_PATHS, sentineloneRoutes } from './simulator/index.js';

/** The fixture records of a stream. */
export function sentineloneFixtures(name: 'threats' | 'agents'): SimulatorRecord[] {
  return JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
}

/** Simulator options serving the SentinelOne fixtures. */
export function sentineloneSimulatorOptions(pendingPolls = 2): VendorSimulatorOptions {
  return libraryOptions({
    threats: sentineloneFixtures('threats'),
    agents: sentineloneFixtures('agents'),
    pendingPolls,
  });
}
