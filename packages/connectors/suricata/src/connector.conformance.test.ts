import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileLine, VersionedState } from '@openmdr/connector-kit';
import {
  type ConformanceCase,
  describeConnectorConformance,
  describeFileSourceConformance,
  type StreamConformanceContext,
} from '@openmdr/connector-kit/testing';
import { validateOcsfEvent } from '@openmdr/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createSuricataClient,
  eveStream,
  SuricataHealthMonitor,
  suricataConfigSchema,
  suricataConnector,
} from './index.js';

const logs = mkdtempSync(join(tmpdir(), 'openmdr-suricata-'));
afterAll(() => rmSync(logs, { recursive: true, force: true }));

function fixtureLines(name: string): string[] {
  const url = new URL(`./__fixtures__/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as unknown[]).map((record) =>
    JSON.stringify(record),
  );
}

/** A sensor's log directory: every fixture event type, then the stats records, in one eve.json. */
const sensorDir = join(logs, 'sensor');
mkdirSync(sensorDir);
const EVENT_TYPES = [
  'alert',
  'flow',
  'dns',
  'http',
  'tls',
  'fileinfo',
  'smtp',
  'ssh',
  'anomaly',
  'drop',
  'netflow',
];
const eventLines = EVENT_TYPES.flatMap(fixtureLines);
const statsLines = fixtureLines('stats');
writeFileSync(join(sensorDir, 'eve.json'), `${[...eventLines, ...statsLines].join('\n')}\n`);

const config = () => ({ paths: join(sensorDir, 'eve.json*') });

/** Reads the stream to the end, normalising every line, as a pipeline run does. */
async function readAll(context: StreamConformanceContext<'eve'>) {
  const h = await context.start();
  const instance = await h.connect();
  await instance.check();
  const events: unknown[] = [];
  let lines = 0;
  let state: VersionedState | undefined;
  for await (const batch of instance.read('eve', undefined)) {
    lines += batch.records.length;
    events.push(...instance.normalizeBatch('eve', batch.records).events);
    state = batch.state;
  }
  return { events, lines, state };
}

const NOT_HTTP =
  'file source: no vendor API, no HTTP transport, tokens or rate budget — rotation, truncation, restart and resume are the file-source conformance suite below';
const skipped = (cases: readonly ConformanceCase[]) =>
  Object.fromEntries(cases.map((name) => [name, { skip: NOT_HTTP }]));

describeConnectorConformance({
  name: 'suricata',
  create: () => suricataConnector,
  // The suite starts a simulator for every case; a file connector never calls it.
  simulator: () => ({}),
  config,
  secrets: {},
  badConfigs: () => [
    {
      name: 'a log directory that does not exist',
      config: { paths: join(logs, 'missing', 'eve.json*') },
      code: 'CONNECTOR_CONFIG',
    },
    { name: 'paths not a string', config: { paths: 42 }, code: 'CONNECTOR_CONFIG' },
    {
      name: 'a Community ID seed out of range',
      config: { ...config(), communityIdSeed: 70_000 },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    eve: {
      // Describes the stream for the suite's types; the data cases that would serve it over HTTP
      // are replaced below by reads of real files.
      dataset: {
        path: '/eve.json',
        idField: 'flow_id',
        timeField: 'timestamp',
        lookbackMs: 0,
        record: (id, time) => ({ flow_id: id, timestamp: new Date(time).toISOString() }),
      },
      classUids: [2004, 4001, 4002, 4003, 4007, 4009, 4010],
    },
  },
  actions: [],
  capabilities: { tokenRefresh: false },
  overrides: {
    'read-basic': {
      reason: 'reads the EVE file of a sensor directory instead of a simulated API',
      run: async (context) => {
        const { events, lines, state } = await readAll(context);
        expect(lines).toBe(eventLines.length + statsLines.length);
        // stats lines are health, not events
        expect(events).toHaveLength(eventLines.length);
        expect(state?.version).toBe(suricataConnector.manifest.streams.eve.stateVersion);
      },
    },
    'ocsf-strict': {
      reason: 'normalises every line of a real EVE file instead of simulated records',
      run: async (context) => {
        const { events } = await readAll(context);
        for (const event of events) {
          expect(validateOcsfEvent(event, { mode: 'strict' }).errors).toEqual([]);
          expect(context.spec.classUids).toContain((event as { class_uid: number }).class_uid);
        }
      },
    },
    ...skipped(['read-resume', 'read-incremental', 'fault-late-event']),
    ...skipped([
      'rate-limit',
      'token-refresh',
      'fault-429-retry-after',
      'fault-429-http-date',
      'fault-429-reset-header',
      'fault-5xx',
      'fault-5xx-give-up',
      'fault-slow',
      'fault-token-expiry',
      'fault-clock-offset',
      'secrets-redacted',
    ]),
  },
});

const normalizer = await suricataConnector.connect({ config: config() });

const flowLine = (n: number): string =>
  JSON.stringify({
    timestamp: `2024-03-01T12:00:${String(n % 60).padStart(2, '0')}.000000-0400`,
    flow_id: n,
    event_type: 'flow',
    src_ip: '192.0.2.10',
    src_port: 40_000 + (n % 20_000),
    dest_ip: '203.0.113.5',
    dest_port: 443,
    proto: 'TCP',
    flow: { pkts_toserver: 1, pkts_toclient: 1, bytes_toserver: 60, bytes_toclient: 60 },
  });

describeFileSourceConformance<FileLine>({
  name: 'suricata eve stream',
  read: async function* (glob, state) {
    const instance = await suricataConnector.connect({ config: { paths: glob } });
    yield* instance.read('eve', state) as AsyncIterable<{
      records: FileLine[];
      state: VersionedState;
    }>;
  },
  line: flowLine,
  // Through the stream's normaliser: the line read is the flow written.
  numberOf: (line) => {
    const [event] = normalizer.normalize('eve', line) as unknown as {
      metadata: { correlation_uid: string };
    }[];
    return Number(event?.metadata.correlation_uid);
  },
});

describe('suricata stats → sensor health', () => {
  it('reports each stats line to the session health monitor and logs it, producing no event', () => {
    const logged: unknown[] = [];
    const client = createSuricataClient();
    const session = {
      config: suricataConfigSchema.parse(config()),
      client,
      context: { logger: { info: (entry: unknown) => logged.push(entry) } },
    } as unknown as Parameters<typeof eveStream.normalize>[1];
    for (const [index, text] of statsLines.entries()) {
      const line = { text, path: 'eve.json', fileId: '1:1', offset: index } as unknown as FileLine;
      expect(eveStream.normalize(line, session)).toEqual([]);
    }
    const latest = client.health.latest().get('ids-01.example.com');
    expect(latest?.uptimeSeconds).toBe(10_800);
    expect(latest?.droppedPackets).toBe(3_000);
    expect(logged).toHaveLength(statsLines.length);
    expect(logged[0]).toMatchObject({ event: 'suricata.stats', sensor: 'ids-01.example.com' });
  });

  it('keeps the newest health of a sensor when records arrive out of order', () => {
    const monitor = new SuricataHealthMonitor();
    monitor.report({ time: 2, sensor: 'a', counters: {} });
    monitor.report({ time: 1, sensor: 'a', counters: {} });
    expect(monitor.latest().get('a')?.time).toBe(2);
  });
});
