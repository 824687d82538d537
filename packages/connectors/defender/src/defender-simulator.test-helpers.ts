import { readFileSync } from 'node:fs';
import type { SimulatorRecord, VendorSimulatorOptions } from '@openmdr/connector-kit/testing';
import { DEFENDER_LISTS, defenderSimulatorOptions as libraryOptions } from './simulator/routes.js';

export {
  DEFENDER_CLIENT_ID,
  DEFENDER_CLIENT_SECRET,
  DEFENDER_LISTS,
  DEFENDER_TENANT,
  defenderRoutes,
} from './simulator/routes.js';

/** The fixture records of a fixture file. */
export function defenderFixtures(name: string): SimulatorRecord[] {
  return JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
}

/** Simulator options serving the Defender fixtures. */
export function defenderSimulatorOptions(pendingPolls = 2): VendorSimulatorOptions {
  const data = Object.fromEntries(
    (Object.keys(DEFENDER_LISTS) as (keyof typeof DEFENDER_LISTS)[]).map((name) => [
      name,
      defenderFixtures(DEFENDER_LISTS[name].fixture),
    ]),
  );
  return libraryOptions({ data, pendingPolls });
}
