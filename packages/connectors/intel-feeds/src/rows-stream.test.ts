// The `rows` stream against the simulated feed server, and the hand-off its records are made
// for: feedTexts gives the text of the delivered rows to loadIndicatorList / loadIndicatorCsv of
// @openmdr/detections (a test-only dependency: the connector imports only the kit and core).
import { readFileSync } from 'node:fs';
import type { ReadBatch } from '@openmdr/connector-kit';
import { IntelIndex, loadIndicatorCsv, loadIndicatorList } from '@openmdr/detections';
import { afterEach, describe, expect, it } from 'vitest';
import { feedTexts, type IntelFeedRow, intelFeedsConnector } from './index.js';
import { startIntelFeedsSimulator } from './simulator/index.js';

const values = readFileSync(new URL('./__fixtures__/c2-ips.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'));
const rows = values.map((value, index) => ({
  value,
  first_seen: new Date(Date.UTC(2026, 2, 1, 8, index)).toISOString(),
}));
const csv = [
  { value: 'http://files.example/drop.php', first_seen: '2026-03-01T08:00:00Z', tlp: 'green' },
  { value: 'login-update.example', first_seen: '2026-03-01T09:00:00Z', tlp: 'amber' },
];

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function started() {
  const simulated = await startIntelFeedsSimulator({
    feeds: {
      '/feeds/c2-ips.txt': { format: 'list', rows },
      '/feeds/urls.csv': { format: 'csv', rows: csv },
    },
  });
  close = simulated.close;
  const connect = (batchSize = 1_000) =>
    intelFeedsConnector.connect({ ...simulated, config: { ...simulated.config, batchSize } });
  return { simulated, connect };
}

async function readAll(
  instance: Awaited<ReturnType<typeof intelFeedsConnector.connect>>,
  state?: unknown,
) {
  const batches: ReadBatch[] = [];
  for await (const batch of instance.read('rows', state)) batches.push(batch);
  return {
    rows: batches.flatMap((batch) => batch.records) as IntelFeedRow[],
    state: batches.at(-1)?.state,
  };
}

describe('intel-feeds rows stream', () => {
  it('reads every row once and hands the feeds text to the detections loaders', async () => {
    const { connect } = await started();
    const { rows: read, state } = await readAll(await connect());
    expect(read.map((row) => row.value)).toEqual([...values, ...csv.map((row) => row.value)]);
    expect(state).toMatchObject({
      version: 1,
      feeds: { 'c2-ips': { etag: expect.any(String), rows: expect.any(Array) } },
    });
    const index = new IntelIndex();
    let added = 0;
    for (const feed of feedTexts(read)) {
      const loaded =
        feed.format === 'csv'
          ? loadIndicatorCsv(feed.text, { source: feed.url })
          : loadIndicatorList(feed.text, { source: feed.url });
      expect(loaded.rejected).toEqual([]);
      added += index.apply(loaded.indicators).added;
    }
    expect(added).toBe(values.length + csv.length);
  });

  it('sends If-None-Match next time: an unchanged feed is a 304 and delivers nothing', async () => {
    const { simulated, connect } = await started();
    const first = await readAll(await connect());
    simulated.simulator.clearRecording();
    const second = await readAll(await connect(), first.state);
    expect(second.rows).toEqual([]);
    expect(simulated.simulator.requests.map((request) => request.status)).toEqual([304, 304]);
    expect(simulated.simulator.requests[0]?.headers['if-none-match']).toMatch(/^"/);
    simulated.simulator.addRecord('/feeds/urls.csv', {
      value: 'https://new.example/x',
      first_seen: '2026-03-03T00:00:00Z',
    });
    const third = await readAll(await connect(), second.state);
    expect(third.rows.map((row) => row.value)).toEqual(['https://new.example/x']);
  });

  it('resumes a feed cut short with the rows not yet delivered', async () => {
    const { connect } = await started();
    let state: unknown;
    const delivered: string[] = [];
    for await (const batch of (await connect(2)).read('rows')) {
      delivered.push(...(batch.records as IntelFeedRow[]).map((row) => row.value));
      state = JSON.parse(JSON.stringify(batch.state));
      break;
    }
    // the feed's validators are committed only with its last batch
    expect((state as { feeds: Record<string, { etag?: string }> }).feeds['c2-ips']?.etag).toBe(
      undefined,
    );
    const rest = await readAll(await connect(2), state);
    expect([...delivered, ...rest.rows.map((row) => row.value)]).toEqual([
      ...values,
      ...csv.map((row) => row.value),
    ]);
  });
});
