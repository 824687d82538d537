import { readFileSync } from 'node:fs';
import { normalizeCrowdStrikeFdrEvent } from '@openmdr/connector-crowdstrike';
import { normalizeWindowsEvent } from '@openmdr/connector-windows';
import type { TimelineItem } from '../src/index.js';

/** The EVTX-ATTACK-SAMPLES excerpt (see fixtures/SOURCES.md), raw. */
export const evtxRecords: unknown[] = readFileSync(
  new URL('./fixtures/evtx-attack-excerpt.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as unknown);

/** The CrowdStrike FDR records of the crowdstrike connector's fixtures, raw. */
export const fdrRecords: unknown[] = JSON.parse(
  readFileSync(
    new URL('../../connectors/crowdstrike/src/__fixtures__/fdr-events.json', import.meta.url),
    'utf8',
  ),
) as unknown[];

function normalizeAll(
  records: readonly unknown[],
  normalize: (record: unknown) => unknown,
): TimelineItem[] {
  return records.map((record) => {
    try {
      return normalize(record) as Record<string, unknown>;
    } catch (error) {
      return { raw: record, reason: (error as Error).message };
    }
  });
}

/** The excerpt normalised by `@openmdr/connector-windows` (records it rejects kept raw). */
export const windowsItems = (): TimelineItem[] =>
  normalizeAll(evtxRecords, (record) => normalizeWindowsEvent(record));

/** The FDR records normalised by `@openmdr/connector-crowdstrike` (records it rejects kept raw). */
export const falconItems = (): TimelineItem[] =>
  normalizeAll(fdrRecords, (record) => normalizeCrowdStrikeFdrEvent(record));
