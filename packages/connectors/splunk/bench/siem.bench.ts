/**
 * Splunk connector throughput, each figure against a floor measured in the same run:
 *
 *   pnpm --filter @openmdr/connector-splunk bench
 *   (or, in packages/connectors/splunk: tsx --conditions=@openmdr/source bench/siem.bench.ts)
 *
 * - normalise: `normalizeSplunkNotable` (and `normalizeSplunkSearchResult`) over 10 000 records
 *   made from the golden fixtures with distinct ids and times; floor: `JSON.parse` of the same
 *   records' JSON text.
 * - read: 10 000 notables seeded into the public simulator, read through the connector's
 *   `notables` stream (search job dispatch, status polls, `results` pages of 500) and normalised
 *   with `normalizeBatch`; floor: the same job dispatch, polls and pages with plain `fetch` and
 *   `JSON.parse`, no normalisation.
 * - write: 10 000 OCSF findings through `write-findings` (HEC, batches of 100); floor: the same
 *   HEC bodies POSTed with plain `fetch` to the same endpoint.
 *
 * The simulator runs in this process, so read and write figures include its work (a fresh one
 * per round, started and seeded outside the timing). The connector runs without its manifest's
 * rate limit (10 requests/s) so that the figures show the code, not the budget. A case and its
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
  hecEventId,
  normalizeSplunkNotable,
  normalizeSplunkSearchResult,
  SPLUNK_HEC_PATHS,
  splunkConnector,
} from '../src/index.js';
import {
  SPLUNK_HEC_DATASET,
  SPLUNK_HEC_TOKEN,
  SPLUNK_TOKEN,
  startSplunkSimulator,
} from '../src/simulator/index.js';

/** Measured rounds of the normalise cases, and of the read and write cases (each after a warm-up). */
const ROUNDS = 5;
const E2E_ROUNDS = 3;
const NORMALIZE_COUNT = 10_000;
const READ_COUNT = 10_000;
const WRITE_COUNT = 10_000;
const PAGE_SIZE = 500;
const HEC_BATCH = 100;
const START_AT = '2026-01-01T00:00:00Z';
const BASE_MS = Date.parse('2026-03-01T00:00:00Z');

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../src/__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
const notableFixtures = fixture('notables');
const resultFixtures = fixture('search-results');
const findingFixtures = fixture('notables.ocsf');

/** Splunk's `_time` and `_indextime` of the n-th record: one per 100 ms from `BASE_MS`. */
const timesOf = (n: number) => ({
  _time: new Date(BASE_MS + n * 100).toISOString().replace('Z', '+00:00'),
  _indextime: String(Math.floor((BASE_MS + n * 100) / 1000) + 1),
});
const notables = (count: number): SimulatorRecord[] =>
  Array.from({ length: count }, (_, n) => ({
    ...(notableFixtures[n % notableFixtures.length] as SimulatorRecord),
    ...timesOf(n),
    event_id: `BENCH-${n}@@notable@@${n.toString(16).padStart(32, '0')}`,
  }));
const searchResults = (count: number): SimulatorRecord[] =>
  Array.from({ length: count }, (_, n) => ({
    ...(resultFixtures[n % resultFixtures.length] as SimulatorRecord),
    ...timesOf(n),
    _cd: `${n % 512}:${n}`,
  }));
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

// --- normalise ---------------------------------------------------------------------------
{
  const notableLines = notables(NORMALIZE_COUNT).map((record) => JSON.stringify(record));
  const resultLines = searchResults(NORMALIZE_COUNT).map((record) => JSON.stringify(record));
  const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as SimulatorRecord);
  const parseFloor = (lines: string[]) => () => {
    for (const line of lines) sink += Object.keys(JSON.parse(line) as object).length;
    return lines.length;
  };
  const webUrl = 'https://es.example.com:8000';
  rows.push(
    await compareWithFloor(
      NORMALIZE_COUNT,
      { name: 'floor: JSON.parse', run: parseFloor(notableLines), setup: () => undefined },
      {
        name: 'normalise: normalizeSplunkNotable',
        run: (records: SimulatorRecord[]) => {
          for (const record of records)
            sink += normalizeSplunkNotable(record, { webUrl }).class_uid;
          return records.length;
        },
        setup: () => parsed(notableLines),
      },
    ),
  );
  rows.push(
    await compareWithFloor(
      NORMALIZE_COUNT,
      { name: 'floor: JSON.parse', run: parseFloor(resultLines), setup: () => undefined },
      {
        name: 'normalise: normalizeSplunkSearchResult',
        run: (records: SimulatorRecord[]) => {
          for (const record of records) sink += normalizeSplunkSearchResult(record).class_uid;
          return records.length;
        },
        setup: () => parsed(resultLines),
      },
    ),
  );
}

// --- read end-to-end -----------------------------------------------------------------------
{
  const seeded = notables(READ_COUNT);
  const started = () => startSplunkSimulator({ notables: seeded, startAt: START_AT });
  type Started = Awaited<ReturnType<typeof started>>;
  const close = (simulated: Started) => simulated.close();

  const viaConnector = async (simulated: Started, normalise: boolean) => {
    const instance = await splunkConnector.connect({
      ...simulated,
      config: { ...simulated.config, pageSize: PAGE_SIZE, pollIntervalMs: 1 },
      rateLimit: false,
    });
    let events = 0;
    for await (const batch of instance.read('notables')) {
      if (!normalise) {
        events += batch.records.length;
        continue;
      }
      const normalized = instance.normalizeBatch('notables', batch.records);
      if (normalized.deadLetters.length > 0) throw new Error('a notable did not normalise');
      events += normalized.events.length;
    }
    await instance.close();
    return events;
  };

  const viaFetch = async (simulated: Started) => {
    const base = simulated.config.baseUrl;
    const headers = { authorization: `Bearer ${SPLUNK_TOKEN}` };
    const since = Math.floor(Date.parse(START_AT) / 1000);
    const dispatch = await fetch(`${base}/services/search/jobs`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({
        search: 'search index=notable | sort 0 _indextime',
        exec_mode: 'normal',
        output_mode: 'json',
        index_earliest: String(since),
        earliest_time: String(since - 86_400),
        latest_time: 'now',
      }),
    });
    const { sid } = (await dispatch.json()) as { sid: string };
    let total = 0;
    for (;;) {
      const status = await fetch(`${base}/services/search/jobs/${sid}?output_mode=json`, {
        headers,
      });
      const content = (
        (await status.json()) as {
          entry: Array<{ content: { isDone: boolean; resultCount: number } }>;
        }
      ).entry[0]?.content;
      if (content?.isDone) {
        total = content.resultCount;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    let events = 0;
    for (let offset = 0; offset < total; offset += PAGE_SIZE) {
      const page = await fetch(
        `${base}/services/search/jobs/${sid}/results?output_mode=json&offset=${offset}&count=${PAGE_SIZE}`,
        { headers },
      );
      events += ((await page.json()) as { results: unknown[] }).results.length;
    }
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
        name: 'read: notables stream + normalizeBatch',
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
        name: 'read: notables stream, raw records',
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
  const started = () => startSplunkSimulator({ startAt: START_AT });
  type Started = Awaited<ReturnType<typeof started>>;
  const received = (simulated: Started) => simulated.simulator.records(SPLUNK_HEC_DATASET).length;
  const close = (simulated: Started) => simulated.close();
  const channel = '5e1f1b40-2c1d-4b6e-9a7d-2f0c3b1a9e11';
  // the HEC bodies `write-findings` sends: envelopes joined by newlines, `hec.batchSize` each
  const bodies: string[] = [];
  for (let start = 0; start < events.length; start += HEC_BATCH) {
    bodies.push(
      events
        .slice(start, start + HEC_BATCH)
        .map((event) =>
          JSON.stringify({
            time: (event['time'] as number) / 1000,
            source: 'openmdr',
            sourcetype: 'ocsf:finding',
            event,
            fields: { openmdr_uid: hecEventId(event) },
          }),
        )
        .join('\n'),
    );
  }
  const bytes = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);

  const viaAction = async (simulated: Started) => {
    const instance = await splunkConnector.connect({
      ...simulated,
      config: {
        ...simulated.config,
        hec: { ...simulated.config.hec, batchSize: HEC_BATCH, channel },
      },
      rateLimit: false,
    });
    const output = await instance.runAction('write-findings', { events });
    await instance.close();
    return output.sent === received(simulated) ? output.sent : -1;
  };

  const viaFetch = async (simulated: Started) => {
    for (const body of bodies) {
      const response = await fetch(`${simulated.config.hec.url}${SPLUNK_HEC_PATHS.event}`, {
        method: 'POST',
        headers: {
          authorization: `Splunk ${SPLUNK_HEC_TOKEN}`,
          'content-type': 'application/json',
          'x-splunk-request-channel': channel,
        },
        body,
      });
      if (!response.ok) throw new Error(`HEC answered ${response.status}`);
      await response.arrayBuffer();
    }
    return received(simulated);
  };

  rows.push(
    await compareWithFloor(
      WRITE_COUNT,
      { name: 'floor: fetch POST', run: viaFetch, setup: started, teardown: close },
      { name: 'write: write-findings (HEC)', run: viaAction, setup: started, teardown: close },
      { rounds: E2E_ROUNDS, bytes },
    ),
  );
}

printComparisons(
  'Splunk',
  rows,
  `median of ${ROUNDS} (normalise) / ${E2E_ROUNDS} (read, write) rounds`,
);
console.log(`[${sink > 0 ? 'ok' : ''}]`);
