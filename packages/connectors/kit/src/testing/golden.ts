import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateOcsfEvent } from '@openmdr/core';
import { expect, it } from 'vitest';

/**
 * Golden-file tests of a normaliser: the records of `<fixtures>/<name>.json` (at least
 * `minimumRecords` distinct ones), each normalised, must be strictly valid OCSF and, as a JSON
 * array indented by two spaces with a final newline, equal `<fixtures>/<name>.ocsf.json` byte for
 * byte (vitest's `toMatchFileSnapshot`). After an intended change of the output, rewrite the file
 * with `npx vitest run <test file> -u` and review its diff; under `CI=true` a missing file fails
 * rather than being written.
 *
 * @param fixturesUrl - the fixtures folder, ending in `/` (`new URL('./__fixtures__/', import.meta.url)`)
 * @param name - the fixture's base name: reads `<name>.json`, compares with `<name>.ocsf.json`
 * @param normalize - the normaliser under test, for one record
 * @param minimumRecords - the least number of distinct fixture records (default 15)
 */
export function describeGolden(
  fixturesUrl: URL,
  name: string,
  normalize: (record: unknown) => unknown,
  minimumRecords = 15,
): void {
  const records = JSON.parse(
    readFileSync(new URL(`${name}.json`, fixturesUrl), 'utf8'),
  ) as unknown[];
  const goldenPath = fileURLToPath(new URL(`${name}.ocsf.json`, fixturesUrl));
  let outputs: unknown[] | undefined;
  const normalized = () => {
    outputs ??= records.map((record) => normalize(record));
    return outputs;
  };
  it(`${name}: at least ${minimumRecords} distinct fixture records`, () => {
    expect(new Set(records.map((record) => JSON.stringify(record))).size).toBeGreaterThanOrEqual(
      minimumRecords,
    );
  });
  it(`${name}: output matches ${name}.ocsf.json (-u to rewrite)`, async () => {
    await expect(`${JSON.stringify(normalized(), null, 2)}\n`).toMatchFileSnapshot(goldenPath);
  });
  it(`${name}: every output is strictly valid OCSF`, () => {
    for (const [index, output] of normalized().entries()) {
      const result = validateOcsfEvent(output, { mode: 'strict' });
      expect(result.errors, `record ${index}`).toEqual([]);
    }
  });
}
