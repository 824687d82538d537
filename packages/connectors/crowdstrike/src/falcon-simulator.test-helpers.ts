import { readFileSync } from 'node:fs';
import type { SimulatorRecord, VendorSimulatorOptions } from '@openmdr/connector-kit/testing';
import { falconSimulatorOptions as libraryOptions } from './simulator/routes.js';

export {
  FALCON_CLIENT_ID,
  FALCON_CLIENT_SECRET,
  FALCON_PATHS,
  falconRoutes,
} from './simulator/routes.js';

/** The fixture records of a stream. */
export function falconFixtures(name: 'alerts' | 'hosts'): SimulatorRecord[] {
  return JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
}

/** Simulator options serving the Falcon fixtures. */
export function falconSimulatorOptions(pendingPolls = 2): VendorSimulatorOptions {
  return libraryOptions({
    alerts: falconFixtures('alerts'),
    hosts: falconFixtures('hosts'),
    pendingPolls,
  });
}
