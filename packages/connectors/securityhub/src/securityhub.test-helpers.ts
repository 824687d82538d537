import { readFileSync } from 'node:fs';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';

/** The ASFF findings of the three fixture families that have an `Id` and `UpdatedAt`. */
export function fixtureFindings(): SimulatorRecord[] {
  return ['compliance', 'detection', 'vulnerability'].flatMap((family) =>
    (
      JSON.parse(
        readFileSync(new URL(`./__fixtures__/${family}-findings.json`, import.meta.url), 'utf8'),
      ) as SimulatorRecord[]
    ).filter(
      (finding) => typeof finding['Id'] === 'string' && typeof finding['UpdatedAt'] === 'string',
    ),
  );
}
