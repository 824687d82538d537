/**
 * Elastic Security connector throughput, each figure against a floor measured in the same run:
 *
 *   pnpm --filter @openmdr/connector-elastic bench
 *   (or, in packages/connectors/elastic: tsx --conditions=@openmdr/source bench/siem.bench.ts)
 *
 * - normalise: `normalizeElasticAlert` over 10 000 search hits made from the golden fixtures
 *   with distinct ids and times; floor: `JSON.parse` of the same hits' JSON text.
 * - read: 10 000 alerts seeded into the public simulator, read through the connector's `alerts`
 *   stream (point in time, `search_after` pages of 500, close) and normalised with
 *   `normalizeBatch`; floor: the same point in time, searches and close with plain `fetch` and
 *   `JSON.parse`, no normalisation.
 * - write: 10 000 OCSF findings through `write-findings` (the bulk writer, `_bulk` NDJSON of 500
 *   `create` actions; template install off, so only the writes are timed); floor: the same
 *   NDJSON bodies POSTed with plain `fetch` to the same `_bulk` endpoint.
 *
 * The simulator runs in this process, so read and write figures include its work (a fresh one
 * per round, started and seeded outside the timing). The connector runs without its manifest's
 * rate limit (20 requests/s) so that the figures show the code, not the budget. A case and its
 * floor run alternately, a warm-up round each, then the median of `ROUNDS` (normalise) or
 * `E2E_ROUNDS` (read, write) rounds. Memory: growth of RSS and of `heapUsed` across one round
 * after a full GC (median; no GC inside the round, so garbage not yet collected counts). The
 * `raw records` row reads the stream without normalising, to show where the read's time goes.
 */
import { readFileSync } from 'node:fs';
import {
  type BenchComparison,
  compareWithFloor,
  printComparisons,
} from '@openmdr/connector-kit/bench';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import {
  elasticConnector,
  normalizeElasticAlert,
  ocsfDocument,
  ocsfDocumentId,
} from '../src/index.js';
import {
  ELASTIC_API_KEY,
  ELASTIC_INDICES,
  elasticWrites,
  startElasticSimulator,
} from '../src/simulator/index.js';

/** Measured rounds of the normalise cases, and of the read and write cases (each after a warm-up). */
const ROUNDS = 5;
const E2E_ROUNDS = 3;
const NORMALIZE_COUNT = 10_000;
const READ_COUNT = 10_000;
const WRITE_COUNT = 10_000;
const PAGE_SIZE = 500;
const BULK_BATCH = 500;
const DATA_STREAM = 'ocsf-findings-default';
const START_AT = '2026-01-01T00:00:00Z';
const BASE_MS = Date.parse('2026-03-01T00:00:00Z');

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../src/__fixtures__/${name}.json`, import.meta.url), 'utf8'));
const hitFixtures = fixture('alerts') as Array<{
  _id: string;
  _index: string;
  _source: Record<string, unknown>;
}>;
const findingFixtures = fixture('alerts.ocsf') as Record<string, unknown>[];

/** The n-th alert hit: a fixture with its own id, uuid and time (one per 100 ms). */
const hit = (n: number) => {
  const base = hitFixtures[n % hitFixtures.length] as (typeof hitFixtures)[number];
  const id = `bench-${n.toString(16).padStart(12, '0')}`;
  const time = new Date(BASE_MS + n * 100).toISOString();
  return {
    _id: id,
    _index: base._index,
    _source: {
      ...base._source,
      '@timestamp': time,
      'kibana.alert.original_time': time,
      'kibana.alert.uuid': id,
    },
  };
};
const hits = (count: number) => Array.from({ length: count }, (_, n) => hit(n));
const findings = (count: number): Record<string, unknown>[] =>
  Array.from({ length: count }, (_, n) => {
    const finding = findingFixtures[n % findingFixtures.length] as Record<string, unknown>;
    const metadata = finding['metadata'] as Record<string, unknown>;
    return {
      ...finding,
      time: BASE_MS + n,
      metadata: { ...metadata, uid: `bench-finding-${n}` },
    };
  });

const rows: BenchComparison[] = [];
let sink = 0;
const authorization = `ApiKey ${Buffer.from(ELASTIC_API_KEY).toString('base64')}`;

// --- normalise ---------------------------------------------------------------------------
{
  const lines = hits(NORMALIZE_COUNT).map((record) => JSON.stringify(record));
  rows.push(
    await compareWithFloor(
      NORMALIZE_COUNT,
      {
        name: 'floor: JSON.parse',
        run: () => {
          for (const line of lines) sink += Object.keys(JSON.parse(line) as object).length;
          return lines.length;
        },
        setup: () => undefined,
      },
      {
        name: 'normalise: normalizeElasticAlert',
        run: (records: unknown[]) => {
          for (const record of records) sink += normalizeElasticAlert(record).class_uid;
          return records.length;
        },
        setup: () => lines.map((line) => JSON.parse(line) as unknown),
      },
    ),
  );
}

// --- read end-to-end -----------------------------------------------------------------------
{
  const seeded: SimulatorRecord[] = hits(READ_COUNT).map(({ _id, _source }) => ({
    _id,
    ..._source,
  }));
  const started = () => startElasticSimulator({ alerts: seeded, startAt: START_AT });
  type Started = Awaited<ReturnType<typeof started>>;
  const close = (simulated: Started) => simulated.close();

  const viaConnector = async (simulated: Started, normalise: boolean) => {
    const instance = await elasticConnector.connect({
      ...simulated,
      config: { ...simulated.config, pageSize: PAGE_SIZE },
      rateLimit: false,
    });
    let events = 0;
    for await (const batch of instance.read('alerts')) {
      if (!normalise) {
        events += batch.records.length;
        continue;
      }
      const normalized = instance.normalizeBatch('alerts', batch.records);
      if (normalized.deadLetters.length > 0) throw new Error('an alert did not normalise');
      events += normalized.events.length;
    }
    await instance.close();
    return events;
  };

  const viaFetch = async (simulated: Started) => {
    const base = simulated.config.elasticsearchUrl;
    const headers = { authorization, 'content-type': 'application/json' };
    const opened = await fetch(`${base}/${ELASTIC_INDICES.alerts}/_pit?keep_alive=1m`, {
      method: 'POST',
      headers,
    });
    const { id } = (await opened.json()) as { id: string };
    let events = 0;
    let searchAfter: unknown[] | undefined;
    for (;;) {
      const response = await fetch(`${base}/_search`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          query: { bool: { filter: [{ range: { '@timestamp': { gte: START_AT } } }] } },
          sort: [{ '@timestamp': { order: 'asc', format: 'epoch_millis' } }, { _shard_doc: 'asc' }],
          track_total_hits: false,
          size: PAGE_SIZE,
          pit: { id, keep_alive: '1m' },
          ...(searchAfter ? { search_after: searchAfter } : {}),
        }),
      });
      const page = ((await response.json()) as { hits: { hits: Array<{ sort: unknown[] }> } }).hits
        .hits;
      events += page.length;
      if (page.length < PAGE_SIZE) break;
      searchAfter = page.at(-1)?.sort;
    }
    await (
      await fetch(`${base}/_pit`, { method: 'DELETE', headers, body: JSON.stringify({ id }) })
    ).arrayBuffer();
    return events;
  };

  const floor = {
    name: 'floor: fetch + JSON.parse',
    run: viaFetch,
    setup: started,
    teardown: close,
  };
  rows.push(
    await compareWithFloor(
      READ_COUNT,
      floor,
      {
        name: 'read: alerts stream + normalizeBatch',
        run: (simulated: Started) => viaConnector(simulated, true),
        setup: started,
        teardown: close,
      },
      { rounds: E2E_ROUNDS },
    ),
  );
  // where the read's time goes: the same stream without normalising
  rows.push(
    await compareWithFloor(
      READ_COUNT,
      floor,
      {
        name: 'read: alerts stream, raw records',
        run: (simulated: Started) => viaConnector(simulated, false),
        setup: started,
        teardown: close,
      },
      { rounds: E2E_ROUNDS },
    ),
  );
}

// --- write -------------------------------------------------------------------------------
{
  const events = findings(WRITE_COUNT);
  const started = async () => {
    const writes = elasticWrites();
    return { writes, simulated: await startElasticSimulator({ writes, startAt: START_AT }) };
  };
  type Started = Awaited<ReturnType<typeof started>>;
  const stored = ({ writes }: Started) => writes.documents.get(DATA_STREAM)?.size ?? 0;
  const close = ({ simulated }: Started) => simulated.close();
  // the `_bulk` bodies the writer sends: a `create` line with the content-derived id, the document
  const bodies: string[] = [];
  for (let start = 0; start < events.length; start += BULK_BATCH) {
    bodies.push(
      events
        .slice(start, start + BULK_BATCH)
        .map(
          (event) =>
            `${JSON.stringify({ create: { _id: ocsfDocumentId(event) } })}\n${JSON.stringify(ocsfDocument(event))}\n`,
        )
        .join(''),
    );
  }
  const bytes = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);

  const viaAction = async (context: Started) => {
    const { simulated } = context;
    const instance = await elasticConnector.connect({
      ...simulated,
      config: {
        ...simulated.config,
        writeBack: { dataStream: DATA_STREAM, installTemplate: false, batchSize: BULK_BATCH },
      },
      rateLimit: false,
    });
    const output = await instance.runAction('write-findings', { events });
    await instance.close();
    return output.created === stored(context) ? output.created : -1;
  };

  const viaFetch = async (context: Started) => {
    for (const body of bodies) {
      const response = await fetch(
        `${context.simulated.config.elasticsearchUrl}/${DATA_STREAM}/_bulk`,
        {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-ndjson' },
          body,
        },
      );
      if (!response.ok) throw new Error(`_bulk answered ${response.status}`);
      await response.arrayBuffer();
    }
    return stored(context);
  };

  rows.push(
    await compareWithFloor(
      WRITE_COUNT,
      { name: 'floor: fetch POST', run: viaFetch, setup: started, teardown: close },
      { name: 'write: write-findings (_bulk)', run: viaAction, setup: started, teardown: close },
      { rounds: E2E_ROUNDS, bytes },
    ),
  );
}

printComparisons(
  'Elastic',
  rows,
  `median of ${ROUNDS} (normalise) / ${E2E_ROUNDS} (read, write) rounds`,
);
console.log(`[${sink > 0 ? 'ok' : ''}]`);
