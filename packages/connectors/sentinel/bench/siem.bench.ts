/**
 * Microsoft Sentinel connector throughput, each figure against a floor measured in the same run:
 *
 *   pnpm --filter @openmdr/connector-sentinel bench
 *   (or, in packages/connectors/sentinel: tsx --conditions=@openmdr/source bench/siem.bench.ts)
 *
 * - normalise: `normalizeSentinelIncident` and `normalizeSentinelAlert` over 10 000 records each
 *   made from the golden fixtures with distinct ids and times; floor: `JSON.parse` of the same
 *   records' JSON text.
 * - read: 10 000 incidents seeded into the public simulator, read through the connector's
 *   `incidents` stream (Entra token, ARM list with `$filter`, `$orderby`, `$top=500`, `nextLink`)
 *   and normalised with `normalizeBatch`; floor: the same token request and pages with plain
 *   `fetch` and `JSON.parse`, no normalisation.
 * - write: 10 000 OCSF findings through `write-findings` (Logs Ingestion, JSON arrays under
 *   1 MB); floor: the same token request and the same bodies POSTed with plain `fetch` to the
 *   same DCR stream.
 *
 * The simulator runs in this process, so read and write figures include its work (a fresh one
 * per round, started and seeded outside the timing). The connector runs without its manifest's
 * rate limit (5 requests/s) so that the figures show the code, not the budget. A case and its
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
  batchRows,
  normalizeSentinelAlert,
  normalizeSentinelIncident,
  SENTINEL_ARM_API_VERSION,
  SENTINEL_INGESTION_API_VERSION,
  SENTINEL_INGESTION_MAX_BYTES,
  sentinelConnector,
  sentinelFindingRow,
} from '../src/index.js';
import {
  createSentinelSimulatorState,
  SENTINEL_CLIENT_ID,
  SENTINEL_CLIENT_SECRET,
  SENTINEL_PATHS,
  startSentinelSimulator,
} from '../src/simulator/index.js';

/** Measured rounds of the normalise cases, and of the read and write cases (each after a warm-up). */
const ROUNDS = 5;
const E2E_ROUNDS = 3;
const NORMALIZE_COUNT = 10_000;
const READ_COUNT = 10_000;
const WRITE_COUNT = 10_000;
const PAGE_SIZE = 500;
const START_AT = '2026-01-01T00:00:00Z';
const BASE_MS = Date.parse('2026-03-01T00:00:00Z');

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../src/__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
const incidentFixtures = fixture('incidents');
const alertFixtures = fixture('security-alerts');
const findingFixtures = fixture('incidents.ocsf');

const timeOf = (n: number) => new Date(BASE_MS + n * 100).toISOString();
const guid = (n: number) => `bench000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
/** The n-th incident: a fixture with its own name, number and times (one per 100 ms). */
const incidents = (count: number): SimulatorRecord[] =>
  Array.from({ length: count }, (_, n) => {
    const base = incidentFixtures[n % incidentFixtures.length] as SimulatorRecord;
    const properties = base['properties'] as Record<string, unknown>;
    const id = String(base['id']);
    return {
      ...base,
      id: `${id.slice(0, id.lastIndexOf('/') + 1)}${guid(n)}`,
      name: guid(n),
      properties: {
        ...properties,
        incidentNumber: 100_000 + n,
        createdTimeUtc: timeOf(n),
        lastModifiedTimeUtc: timeOf(n),
      },
    };
  });
/** The n-th `SecurityAlert` row: a fixture with its own alert id and time. */
const alerts = (count: number): SimulatorRecord[] =>
  Array.from({ length: count }, (_, n) => ({
    ...(alertFixtures[n % alertFixtures.length] as SimulatorRecord),
    SystemAlertId: guid(n),
    TimeGenerated: timeOf(n),
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

/** A token from the simulator's Entra endpoint, as the floor gets it with plain `fetch`. */
async function token(url: string, scope: string): Promise<string> {
  const response = await fetch(`${url}${SENTINEL_PATHS.token}`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: SENTINEL_CLIENT_ID,
      client_secret: SENTINEL_CLIENT_SECRET,
      scope,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const rows: BenchComparison[] = [];
let sink = 0;

// --- normalise ---------------------------------------------------------------------------
{
  const cases = [
    {
      name: 'normalise: normalizeSentinelIncident',
      lines: incidents(NORMALIZE_COUNT).map((record) => JSON.stringify(record)),
      normalize: (record: unknown) => normalizeSentinelIncident(record).class_uid,
    },
    {
      name: 'normalise: normalizeSentinelAlert',
      lines: alerts(NORMALIZE_COUNT).map((record) => JSON.stringify(record)),
      normalize: (record: unknown) => normalizeSentinelAlert(record).class_uid,
    },
  ];
  for (const { name, lines, normalize } of cases) {
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
          name,
          run: (records: unknown[]) => {
            for (const record of records) sink += normalize(record);
            return records.length;
          },
          setup: () => lines.map((line) => JSON.parse(line) as unknown),
        },
      ),
    );
  }
}

// --- read end-to-end -----------------------------------------------------------------------
{
  const seeded = incidents(READ_COUNT);
  const started = () => startSentinelSimulator({ incidents: seeded, startAt: START_AT });
  type Started = Awaited<ReturnType<typeof started>>;
  const close = (simulated: Started) => simulated.close();

  const viaConnector = async (simulated: Started, normalise: boolean) => {
    const instance = await sentinelConnector.connect({
      ...simulated,
      config: { ...simulated.config, pageSize: PAGE_SIZE },
      rateLimit: false,
    });
    let events = 0;
    for await (const batch of instance.read('incidents')) {
      if (!normalise) {
        events += batch.records.length;
        continue;
      }
      const normalized = instance.normalizeBatch('incidents', batch.records);
      if (normalized.deadLetters.length > 0) throw new Error('an incident did not normalise');
      events += normalized.events.length;
    }
    await instance.close();
    return events;
  };

  const viaFetch = async (simulated: Started) => {
    const base = simulated.config.armBaseUrl;
    const headers = {
      authorization: `Bearer ${await token(base, 'https://management.azure.com/.default')}`,
    };
    const first = new URL(`${base}${SENTINEL_PATHS.incidents}`);
    first.searchParams.set('api-version', SENTINEL_ARM_API_VERSION);
    first.searchParams.set(
      '$filter',
      `properties/lastModifiedTimeUtc ge ${new Date(Date.parse(START_AT)).toISOString()}`,
    );
    first.searchParams.set('$orderby', 'properties/lastModifiedTimeUtc asc');
    first.searchParams.set('$top', String(PAGE_SIZE));
    let events = 0;
    for (let next: string | undefined = first.toString(); next; ) {
      const response = await fetch(next, { headers });
      const page = (await response.json()) as { value: unknown[]; nextLink?: string };
      events += page.value.length;
      next = page.nextLink;
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
        name: 'read: incidents stream + normalizeBatch',
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
        name: 'read: incidents stream, raw records',
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
    const state = createSentinelSimulatorState();
    return { state, simulated: await startSentinelSimulator({ state, startAt: START_AT }) };
  };
  type Started = Awaited<ReturnType<typeof started>>;
  const ingested = ({ state }: Started) =>
    state.ingestedBatches.reduce((sum, batch) => sum + batch.length, 0);
  const close = ({ simulated }: Started) => simulated.close();
  // the Logs Ingestion bodies the writer sends: JSON arrays of rows, each under 1 MB
  const bodies = batchRows(events.map(sentinelFindingRow), SENTINEL_INGESTION_MAX_BYTES);
  const bytes = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);

  const viaAction = async (context: Started) => {
    const instance = await sentinelConnector.connect({
      ...context.simulated,
      rateLimit: false,
    });
    const output = await instance.runAction('write-findings', { events });
    await instance.close();
    return output.rows === ingested(context) ? output.rows : -1;
  };

  const viaFetch = async (context: Started) => {
    const { endpoint } = context.simulated.config.ingestion;
    const headers = {
      authorization: `Bearer ${await token(endpoint, 'https://monitor.azure.com/.default')}`,
      'content-type': 'application/json',
    };
    for (const body of bodies) {
      const response = await fetch(
        `${endpoint}${SENTINEL_PATHS.ingestion}?api-version=${SENTINEL_INGESTION_API_VERSION}`,
        { method: 'POST', headers, body },
      );
      if (!response.ok) throw new Error(`Logs Ingestion answered ${response.status}`);
      await response.arrayBuffer();
    }
    return ingested(context);
  };

  rows.push(
    await compareWithFloor(
      WRITE_COUNT,
      { name: 'floor: fetch POST', run: viaFetch, setup: started, teardown: close },
      {
        name: 'write: write-findings (Logs Ingestion)',
        run: viaAction,
        setup: started,
        teardown: close,
      },
      { rounds: E2E_ROUNDS, bytes },
    ),
  );
}

printComparisons(
  'Sentinel',
  rows,
  `median of ${ROUNDS} (normalise) / ${E2E_ROUNDS} (read, write) rounds`,
);
console.log(`[${sink > 0 ? 'ok' : ''}]`);
