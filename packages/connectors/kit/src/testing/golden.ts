import { readFileSync, writeFileSync } from 'node:fs';
import { validateOcsfEvent } from '@openmdr/core';
import { expect, it } from 'vitest';

/**
 * Golden-file tests of a normaliser: every record of `<fixtures>/<name>.json` normalised must
 * equal the matching entry of `<fixtures>/<name>.golden.json` and be strictly valid OCSF.
 * `UPDATE_GOLDEN=1` rewrites the golden file from the current output instead.
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
  const goldenUrl = new URL(`${name}.golden.json`, fixturesUrl);
  const outputs = records.map((record) => normalize(record));
  it(`${name}: at least ${minimumRecords} distinct fixture records`, () => {
    expect(new Set(records.map((record) => JSON.stringify(record))).size).toBeGreaterThanOrEqual(
      minimumRecords,
    );
  });
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(goldenUrl, `${JSON.stringify(outputs, null, 2)}\n`);
  }
  const golden = JSON.parse(readFileSync(goldenUrl, 'utf8')) as unknown[];
  it(`${name}: output matches the golden file (UPDATE_GOLDEN=1 to regenerate)`, () => {
    expect(outputs).toEqual(golden);
  });
  it(`${name}: every output is strictly valid OCSF`, () => {
    for (const [index, output] of outputs.entries()) {
      const result = validateOcsfEvent(output, { mode: 'strict' });
      expect(result.errors, `record ${index}`).toEqual([]);
    }
  });
}
