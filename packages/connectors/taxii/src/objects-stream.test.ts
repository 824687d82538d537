// The `objects` stream against the simulated TAXII server, and the hand-off its records are made
// for: the raw STIX objects go to loadStixObjects of @openmdr/detections (a test-only dependency:
// the connector itself imports only the kit and core).
import { readFileSync } from 'node:fs';
import type { ReadBatch } from '@openmdr/connector-kit';
import type { SimulatorFault, SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { IntelIndex, loadStixObjects } from '@openmdr/detections';
import { afterEach, describe, expect, it } from 'vitest';
import { taxiiConnector } from './index.js';
import { startTaxiiSimulator, TAXII_PATHS, type TaxiiSimulatorData } from './simulator/index.js';

const objects = JSON.parse(
  readFileSync(new URL('./__fixtures__/objects.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];
const collections = { indicators: { title: 'Indicators', objects } };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function started(
  data: TaxiiSimulatorData & { faults?: readonly SimulatorFault[] } = {},
  config: Record<string, unknown> = {},
) {
  const simulated = await startTaxiiSimulator({ collections, ...data });
  close = simulated.close;
  const waits: number[] = [];
  const connect = (overrides: Record<string, unknown> = {}) =>
    taxiiConnector.connect({
      config: { ...simulated.config, pageSize: 3, ...config, ...overrides },
      secrets: simulated.secrets,
      retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5 },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  return { simulated, waits, connect };
}

async function readAll(
  instance: Awaited<ReturnType<typeof taxiiConnector.connect>>,
  state?: unknown,
) {
  const batches: ReadBatch[] = [];
  for await (const batch of instance.read('objects', state)) batches.push(batch);
  return {
    records: batches.flatMap((batch) => batch.records) as SimulatorRecord[],
    state: batches.at(-1)?.state,
  };
}

describe('TAXII objects stream', () => {
  it('discovers the API root, pages with next and hands every object to loadStixObjects', async () => {
    const { simulated, connect } = await started();
    const { records, state } = await readAll(await connect());
    expect(records.map((record) => String(record['id'])).sort()).toEqual(
      objects.map((object) => String(object['id'])).sort(),
    );
    expect(records.every((record) => !('date_added' in record))).toBe(true);
    const requests = simulated.simulator.requests;
    expect(requests.map((request) => request.path).slice(0, 2)).toEqual([
      TAXII_PATHS.discovery,
      TAXII_PATHS.collections,
    ]);
    expect(requests.every((request) => request.headers['accept']?.includes('taxii+json'))).toBe(
      true,
    );
    const pages = requests.filter((request) => request.path.endsWith('/objects/'));
    expect(pages).toHaveLength(3);
    expect(pages[1]?.query['next']).toBeDefined();
    expect(state).toMatchObject({
      version: 1,
      collections: { indicators: { watermark: Date.parse('2026-03-02T12:30:00.000Z') } },
    });

    const loaded = loadStixObjects(records, { source: 'taxii:indicators' });
    const tlpOf = (value: string) =>
      loaded.indicators.find((indicator) => indicator.pattern.includes(value))?.tlp;
    expect(tlpOf('198.51.100.23')).toBe('GREEN');
    expect(tlpOf('login-update.example')).toBe('AMBER');
    expect(loaded.indicators.length + loaded.rejected.length).toBe(5);
    const index = new IntelIndex();
    expect(index.apply(loaded.indicators).added).toBe(loaded.indicators.length);
  });

  it('resumes from its state with the objects added since, asking added_after', async () => {
    const { simulated, connect } = await started();
    const first = await readAll(await connect());
    const added = {
      ...objects[2],
      id: 'indicator--11111111-2222-4333-8444-555555555555',
      date_added: '2026-03-03T00:00:00.000Z',
    };
    simulated.simulator.addRecord(TAXII_PATHS.objects('indicators'), added);
    simulated.simulator.clearRecording();
    const second = await readAll(await connect(), JSON.parse(JSON.stringify(first.state)));
    expect(second.records.map((record) => record['id'])).toEqual([added.id]);
    const asked = simulated.simulator.requests.find((request) =>
      request.path.endsWith('/objects/'),
    );
    // the watermark minus the look-back, minus the millisecond added_after excludes
    expect(asked?.query['added_after']).toBe('2026-03-02T12:28:59.999Z');
  });

  it('pages by X-TAXII-Date-Added-Last when the server sends no next', async () => {
    const { connect, simulated } = await started({ nextTokens: false });
    const { records } = await readAll(await connect());
    expect(new Set(records.map((record) => record['id'])).size).toBe(objects.length);
    const pages = simulated.simulator.requests.filter((request) =>
      request.path.endsWith('/objects/'),
    );
    expect(pages.every((request) => request.query['next'] === undefined)).toBe(true);
    expect(pages.length).toBeGreaterThan(1);
  });

  it('asks match[type] and reads only the configured collections', async () => {
    const { connect, simulated } = await started(
      {},
      { types: ['indicator'], collections: ['indicators'], apiRoot: '/api1/' },
    );
    const { records } = await readAll(await connect());
    expect(records.every((record) => record['type'] === 'indicator')).toBe(true);
    expect(simulated.simulator.requests[0]?.query['match[type]']).toBe('indicator');
    expect(simulated.simulator.requests.some((r) => r.path === TAXII_PATHS.discovery)).toBe(false);
  });

  it('waits out a 429 with Retry-After and a 503 through the kit retry policy', async () => {
    const { connect, waits, simulated } = await started({
      faults: [
        { type: 'rate-limit', at: [3], retryAfterSeconds: 2 },
        { type: 'server-error', at: [4] },
      ],
    });
    const { records } = await readAll(await connect());
    expect(records).toHaveLength(objects.length);
    expect(waits.some((ms) => ms >= 2_000)).toBe(true);
    expect(simulated.simulator.requests.map((request) => request.status)).toContain(503);
  });

  it('fails with typed errors on bad credentials and an unknown collection', async () => {
    const { connect, simulated } = await started();
    const wrong = await taxiiConnector.connect({
      config: simulated.config,
      secrets: { get: async () => 'sim-wrong-password-value-42' },
      retry: false,
    });
    await expect(wrong.check()).rejects.toMatchObject({ code: 'CONNECTOR_AUTH' });
    const missing = await connect({ collections: ['missing'] });
    await expect(readAll(missing)).rejects.toMatchObject({ code: 'CONNECTOR_HTTP_STATUS' });
  });
});
