import { readFileSync } from 'node:fs';
import { createRecordingSleep } from '@openmdr/connector-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudtrailConnector } from './index.js';
import {
  lookupEventOf,
  type StartedCloudtrailSimulator,
  startCloudtrailSimulator,
} from './simulator/index.js';

type Rec = Record<string, unknown>;
const management = JSON.parse(
  readFileSync(new URL('./__fixtures__/management-events.json', import.meta.url), 'utf8'),
) as Rec[];

/** `count` management records spread over the last `count` minutes, ids unique. */
function recent(count: number): Rec[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, index) => ({
    ...management[index % management.length],
    eventID: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    eventTime: new Date(now - (index + 1) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  }));
}

let sim: StartedCloudtrailSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('cloudtrail lookup-events stream (LookupEvents)', () => {
  it('pages through the window, at most 2 calls a second, dedupes by EventId on the next window', async () => {
    const records = recent(120);
    sim = await startCloudtrailSimulator({
      lookupRecords: records,
      startAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    });
    const instance = await cloudtrailConnector.connect({
      config: { ...sim.config, lookbackMs: 3_600_000 },
      secrets: sim.secrets,
      tenant: 'small-account',
    });
    const ids: string[] = [];
    let state: unknown;
    for await (const batch of instance.read('lookup-events')) {
      ids.push(...batch.records.map((record) => String((record as Rec)['EventId'])));
      state = batch.state;
    }
    expect(ids.sort()).toEqual(records.map((record) => String(record['eventID'])).sort());
    // 120 events: three pages, spaced by the 2-per-second budget
    const calls = sim.lookupData.calls;
    expect(calls).toHaveLength(3);
    for (let index = 1; index < calls.length; index += 1) {
      expect((calls[index] ?? 0) - (calls[index - 1] ?? 0)).toBeGreaterThanOrEqual(450);
    }
    // a new event and the look-back: only the new one comes
    const late = { ...records[0], eventID: 'late-0000-4000-8000-000000000000' } as Rec;
    sim.lookupData.events.push(
      lookupEventOf({
        ...late,
        eventTime: new Date(Date.now() - 30_000).toISOString(),
      }),
    );
    const next: string[] = [];
    for await (const batch of instance.read('lookup-events', state)) {
      next.push(...batch.records.map((record) => String((record as Rec)['EventId'])));
    }
    expect(next).toEqual(['late-0000-4000-8000-000000000000']);
    await instance.close();
  });

  it('retries ThrottlingException and normalises the events', async () => {
    const records = recent(5);
    sim = await startCloudtrailSimulator({ lookupRecords: records });
    sim.lookupData.throttleNext = 2;
    const sleep = createRecordingSleep(0);
    const instance = await cloudtrailConnector.connect({
      config: sim.config,
      secrets: sim.secrets,
      sleep: sleep.sleep,
      retry: { retries: 3, minDelayMs: 10, factor: 2, jitter: 'none' },
    });
    const raw: unknown[] = [];
    for await (const batch of instance.read('lookup-events')) raw.push(...batch.records);
    expect(raw).toHaveLength(5);
    expect(sleep.delays).toEqual([10, 20]);
    const { events, deadLetters } = instance.normalizeBatch('lookup-events', raw);
    expect(deadLetters).toEqual([]);
    expect(events.map((event) => (event as Rec)['metadata'])).toEqual(
      records.map((record) => expect.objectContaining({ uid: record['eventID'] })),
    );
    await instance.close();
  });
});
