import { expect } from 'vitest';
import type { VendorSimulator } from '../simulator/vendor-simulator.js';
import type { ConformanceDataset } from './conformance-options.js';

/** The ids of `records`, by the dataset's id field. */
export function idsOf(dataset: ConformanceDataset, records: readonly unknown[]): string[] {
  return records.map((record) => String((record as Record<string, unknown>)[dataset.idField]));
}

/** The ids of every record the simulator serves for the dataset, sorted. */
export function expectedIds(dataset: ConformanceDataset, simulator: VendorSimulator): string[] {
  return idsOf(dataset, simulator.records(dataset.path)).sort();
}

/** Fails when an id was delivered twice. */
export function expectNoDuplicates(ids: readonly string[]): void {
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  expect(duplicates, 'duplicate records delivered').toEqual([]);
}

/** Fails when `text` holds one of the secret values (those of six characters or more). */
export function expectSecretFree(secrets: Readonly<Record<string, string>>, text: string): void {
  for (const value of Object.values(secrets).filter((secret) => secret.length >= 6))
    expect(text.includes(value), 'a secret value leaked').toBe(false);
}

/** The requests the simulator served, token requests left out. */
export function dataRequests(simulator: VendorSimulator): VendorSimulator['requests'] {
  return simulator.requests.filter((request) => !request.path.includes('token'));
}
