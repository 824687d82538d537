import { readFileSync } from 'node:fs';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';

/** The alert fixtures as search hits. */
export const alertHits = JSON.parse(
  readFileSync(new URL('./__fixtures__/alerts.json', import.meta.url), 'utf8'),
) as Array<{ _id: string; _index: string; _source: Record<string, unknown> }>;

/** The alert fixtures as simulator documents (`{ _id, ...fields }`). */
export const alertDocuments: SimulatorRecord[] = alertHits.map((hit) => ({
  _id: hit._id,
  ...hit._source,
}));
