// The `attributes` stream against the simulated MISP instance, and the hand-off its records are
// made for: the raw attributes go to loadMispContent of @openmdr/detections (a test-only
// dependency: the connector itself imports only the kit and core).
import { readFileSync } from 'node:fs';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { IntelIndex, loadMispContent } from '@openmdr/detections';
import { afterEach, describe, expect, it } from 'vitest';
import { mispConnector } from './index.js';
import { MISP_SIM_PATHS, startMispSimulator } from './simulator/index.js';

const attributes = JSON.parse(
  readFileSync(new URL('./__fixtures__/attributes.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function readAll(
  instance: Awaited<ReturnType<typeof mispConnector.connect>>,
  state?: unknown,
) {
  const records: SimulatorRecord[] = [];
  let last: unknown = state;
  for await (const batch of instance.read('attributes', state)) {
    records.push(...(batch.records as SimulatorRecord[]));
    last = batch.state;
  }
  return { records, state: last };
}

describe('MISP attributes stream', () => {
  it('pages restSearch with timestamp, to_ids and deleted, and hands the attributes to loadMispContent', async () => {
    const simulated = await startMispSimulator({ attributes });
    close = simulated.close;
    const instance = await mispConnector.connect({
      ...simulated,
      config: { ...simulated.config, pageSize: 3 },
    });
    await instance.check();
    const { records, state } = await readAll(instance);
    // the vulnerability has to_ids false: the default config asks for to_ids only
    expect(records.map((record) => record['uuid'])).toEqual(
      attributes.filter((a) => a['to_ids'] === true).map((a) => a['uuid']),
    );
    const searches = simulated.simulator.requests.filter(
      (r) => r.path === MISP_SIM_PATHS.attributes,
    );
    expect(searches.map((request) => (request.body as Record<string, unknown>)['page'])).toEqual([
      1, 2, 3,
    ]);
    expect(searches[0]?.body).toMatchObject({
      returnFormat: 'json',
      timestamp: Date.parse('2020-01-01T00:00:00Z') / 1000,
      limit: 3,
      to_ids: 1,
      deleted: [0, 1],
      includeEventTags: true,
    });
    expect(state).toMatchObject({ watermark: 1_772_524_860_000 });

    const loaded = loadMispContent(records, { source: 'misp' });
    const index = new IntelIndex();
    index.apply(loaded.indicators);
    expect(loaded.indicators.find((i) => i.id.endsWith('4a02'))?.tlp).toBe('AMBER STRICT');
    // the soft-deleted attribute reaches the index as a revocation
    expect(loaded.indicators.find((i) => i.id.endsWith('4a05'))?.revoked).toBe(true);
    expect(loaded.rejected).toEqual([]);
  });

  it('asks from the watermark minus the look-back on the next run and delivers only changes', async () => {
    const simulated = await startMispSimulator({ attributes });
    close = simulated.close;
    const connect = () => mispConnector.connect(simulated);
    const first = await readAll(await connect());
    const changed = { ...attributes[0], timestamp: '1772600000', comment: 'still active' };
    simulated.simulator.addRecord(MISP_SIM_PATHS.attributes, changed);
    simulated.simulator.clearRecording();
    const second = await readAll(await connect(), JSON.parse(JSON.stringify(first.state)));
    expect(second.records).toHaveLength(1);
    expect(second.records[0]).toMatchObject({ comment: 'still active', timestamp: '1772600000' });
    const body = simulated.simulator.requests[0]?.body as Record<string, unknown>;
    expect(body['timestamp']).toBe(1_772_524_860 - 300);
  });

  it('fails with a typed error on a wrong key, with the key nowhere in it', async () => {
    const simulated = await startMispSimulator({ attributes });
    close = simulated.close;
    const instance = await mispConnector.connect({
      config: simulated.config,
      secrets: { get: async () => 'sim-wrong-misp-key-value-42' },
      retry: false,
    });
    const error = await instance.check().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'CONNECTOR_AUTH', status: 403 });
    expect(JSON.stringify(error)).not.toContain('sim-wrong-misp-key-value-42');
  });
});
