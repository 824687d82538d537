import { readFileSync } from 'node:fs';
import { downConvertOcsf } from '@openmdr/core';
import { afterEach, describe, expect, it } from 'vitest';
import { securitylakeConnector } from '../connector.js';
import {
  type StartedSecuritylakeSimulator,
  startSecuritylakeSimulator,
} from '../simulator/index.js';

type OcsfEvent = Record<string, unknown>;

const fixtures = JSON.parse(
  readFileSync(new URL('../__fixtures__/events.ocsf.json', import.meta.url), 'utf8'),
) as OcsfEvent[];

const running: StartedSecuritylakeSimulator[] = [];
afterEach(async () => {
  for (const sim of running.splice(0)) await sim.close();
});

async function start(events: readonly OcsfEvent[] = []) {
  const sim = await startSecuritylakeSimulator({ events, startAt: '2020-01-01T00:00:00Z' });
  running.push(sim);
  return sim;
}

async function connect(sim: StartedSecuritylakeSimulator, config: Record<string, unknown> = {}) {
  const delays: number[] = [];
  const instance = await securitylakeConnector.connect({
    config: { ...sim.config, ...config },
    secrets: sim.secrets,
    rateLimit: false,
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  return { instance, delays };
}

async function readAll(
  instance: Awaited<ReturnType<typeof connect>>['instance'],
  state?: unknown,
): Promise<{ records: OcsfEvent[]; state: unknown }> {
  const records: OcsfEvent[] = [];
  let last = state;
  for await (const batch of instance.read('events', state as never)) {
    records.push(...(batch.records as OcsfEvent[]));
    last = batch.state;
  }
  return { records, state: last };
}

const down = (event: OcsfEvent) => downConvertOcsf(event, '1.1.0').event as OcsfEvent;
const byTimeAndClass = (a: OcsfEvent, b: OcsfEvent) =>
  Number(a['time']) - Number(b['time']) || Number(a['class_uid']) - Number(b['class_uid']);
const sorted = (events: OcsfEvent[]) => [...events].sort(byTimeAndClass);

const listRequests = (sim: StartedSecuritylakeSimulator) =>
  sim.aws.simulator.requests.filter(
    (request) => request.method === 'GET' && request.query['list-type'] === '2',
  );

describe('Security Lake on S3 (simulated, SigV4, the provider role assumed)', () => {
  it('writes findings with write-findings and reads them back as the events stream', async () => {
    const sim = await start();
    const { instance } = await connect(sim);
    await instance.check();
    const output = (await instance.runAction('write-findings', { events: fixtures })) as {
      written: number;
      objects: Array<{ key: string; classUid: number; rows: number }>;
      rejected: unknown[];
    };
    expect(output.written).toBe(fixtures.length);
    expect(output.rejected).toEqual([]);
    for (const object of output.objects) {
      expect(sim.aws.object(sim.config.bucket, object.key)?.contentType).toBe(
        'application/vnd.apache.parquet',
      );
      // partitioned by each event's own cloud account, else the config's
      expect(object.key).toMatch(
        /^ext\/openmdr\/region=us-east-1\/accountId=(123456789012|111122223333|\d{12})\/eventDay=\d{8}\/\d+-\d{8}T\d{6}Z-[0-9a-f]{12}\.parquet$/,
      );
    }
    const { records } = await readAll(instance);
    expect(sorted(records)).toEqual(sorted(fixtures.map(down)));
    const batch = instance.normalizeBatch('events', records);
    expect(batch.deadLetters).toEqual([]);
    expect(
      batch.events.every(
        (event) => (event['metadata'] as { version?: string }).version === '1.8.0',
      ),
    ).toBe(true);
    expect(sim.aws.assumeRoleCalls).toHaveLength(1);
    await instance.close();
  });

  it('writing the same events again replaces the same objects', async () => {
    const sim = await start();
    const { instance } = await connect(sim);
    const first = (await instance.runAction('write-findings', { events: fixtures })) as {
      objects: Array<{ key: string }>;
    };
    const second = (await instance.runAction('write-findings', { events: fixtures })) as {
      objects: Array<{ key: string }>;
    };
    expect(second.objects.map((object) => object.key)).toEqual(
      first.objects.map((object) => object.key),
    );
    expect((await readAll(instance)).records).toHaveLength(fixtures.length);
    await instance.close();
  });

  it('pages ListObjectsV2 with continuation tokens and delimiters', async () => {
    const sim = await start(fixtures);
    const { instance } = await connect(sim, { pageSize: 1 });
    const { records } = await readAll(instance);
    expect(sorted(records)).toEqual(sorted(fixtures.map(down)));
    const lists = listRequests(sim);
    expect(lists.some((request) => request.query['continuation-token'])).toBe(true);
    expect(lists.some((request) => request.query['delimiter'] === '/')).toBe(true);
    expect(lists.every((request) => request.query['max-keys'] === '1')).toBe(true);
    await instance.close();
  });

  it('retries S3 SlowDown on listing and download', async () => {
    const sim = await start(fixtures);
    const { instance, delays } = await connect(sim);
    sim.aws.failNext('ListObjectsV2', 'throttling', 2);
    sim.aws.failNext('GetObject', 'throttling', 1);
    const { records } = await readAll(instance);
    expect(records).toHaveLength(fixtures.length);
    expect(sim.aws.simulator.requests.filter((request) => request.status === 503)).toHaveLength(3);
    expect(delays.length).toBeGreaterThanOrEqual(3);
    await instance.close();
  });

  it('renews expired credentials in the middle of a read and goes on', async () => {
    const sim = await start(fixtures);
    const { instance } = await connect(sim);
    const records: OcsfEvent[] = [];
    let batches = 0;
    for await (const batch of instance.read('events')) {
      records.push(...(batch.records as OcsfEvent[]));
      batches += 1;
      // the provider role's session ends after the first object
      if (batches === 1) sim.aws.expireSessions();
    }
    expect(sorted(records)).toEqual(sorted(fixtures.map(down)));
    expect(sim.aws.assumeRoleCalls).toHaveLength(2);
    expect(
      sim.aws.simulator.requests.some(
        (request) => request.status === 400 || request.status === 403,
      ),
    ).toBe(true);
    await instance.close();
  });

  it('gives a typed error, no secret, when the source cannot be listed', async () => {
    const sim = await start(fixtures);
    const { instance } = await connect(sim);
    sim.aws.failNext('ListObjectsV2', 'access-denied', 1);
    const error = await readAll(instance).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CONNECTOR_AUTH' });
    expect(JSON.stringify(error)).not.toContain(sim.config.assumeRole.externalId);
    await instance.close();
  });

  it('reads new objects incrementally, and a late object written into an older day', async () => {
    const [first, ...rest] = fixtures as [OcsfEvent, ...OcsfEvent[]];
    const sim = await start([first]);
    const { instance } = await connect(sim);
    const one = await readAll(instance);
    expect(one.records).toHaveLength(1);
    // a producer catches up: an object for an event three days before the newest one's day
    const newest = Date.now();
    const late = { ...first, time: newest - 3 * 86_400_000, message: 'late' };
    await sim.addEvents([{ ...first, time: newest, message: 'new' }, late]);
    const two = await readAll(instance, one.state);
    expect(two.records.map((event) => event['message']).sort()).toEqual(['late', 'new']);
    const three = await readAll(instance, two.state);
    expect(three.records).toEqual([]);
    // objects of today's partition (events of other days outside lateDays are not listed)
    await sim.addEvents(rest.map((event, index) => ({ ...event, time: newest - index * 1_000 })));
    const four = await readAll(instance, three.state);
    expect(four.records).toHaveLength(rest.length);
    await instance.close();
  });

  it('skips a late object beyond lateDays, and prunes partitions to the configured accounts', async () => {
    const [first] = fixtures as [OcsfEvent];
    const sim = await start();
    const { instance } = await connect(sim, { lateDays: 1, accountIds: ['123456789012'] });
    await sim.addEvents([{ ...first, time: Date.now(), message: 'now' }]);
    const one = await readAll(instance);
    expect(one.records.map((event) => event['message'])).toEqual(['now']);
    await sim.addEvents([
      { ...first, time: Date.now() - 10 * 86_400_000, message: 'too late' },
      {
        ...first,
        cloud: { provider: 'AWS', region: 'us-east-1', account: { uid: '210987654321' } },
        time: Date.now(),
        message: 'other account',
      },
    ]);
    const two = await readAll(instance, one.state);
    expect(two.records).toEqual([]);
    const prefixes = listRequests(sim).map((request) => request.query['prefix']);
    expect(prefixes.some((prefix) => prefix?.includes('accountId=210987654321'))).toBe(false);
    await instance.close();
  });

  it('resumes inside an object after the events already delivered', async () => {
    const base = fixtures.find((event) => event['class_uid'] === 2004) as OcsfEvent;
    const detection = [0, 1, 2].map((n) => ({
      ...base,
      time: Number(base['time']) + n * 1_000,
      message: `m${n}`,
    }));
    const sim = await start(detection);
    const { instance } = await connect(sim);
    const whole = await readAll(instance);
    expect(whole.records).toHaveLength(detection.length);
    const [key] = Object.keys((whole.state as { seen: Record<string, number> }).seen);
    const resumed = await readAll(instance, {
      version: 1,
      watermark: Date.parse(sim.config.startAt),
      seen: {},
      partial: { key, delivered: 1 },
    });
    expect(resumed.records.map((event) => event['message'])).toEqual(['m1', 'm2']);
    expect(whole.records.map((event) => event['message'])).toEqual(['m0', 'm1', 'm2']);
    await instance.close();
  });
});

describe('a custom source with a sourceVersion on S3 (simulated)', () => {
  it('writes under ext/<source>/<version>/ with write-findings and the stream reads that folder only', async () => {
    const sim = await startSecuritylakeSimulator({
      sourceVersion: '1.0',
      startAt: '2020-01-01T00:00:00Z',
    });
    running.push(sim);
    const { instance } = await connect(sim);
    expect(sim.config.sourceVersion).toBe('1.0');
    await instance.check();
    const output = (await instance.runAction('write-findings', { events: fixtures })) as {
      written: number;
      objects: Array<{ key: string }>;
    };
    expect(output.written).toBe(fixtures.length);
    for (const object of output.objects) {
      expect(object.key).toMatch(/^ext\/openmdr\/1\.0\/region=[a-z0-9-]+\/accountId=\d{12}\//);
      expect(sim.aws.object(sim.config.bucket, object.key)).toBeDefined();
    }
    const { records } = await readAll(instance);
    expect(sorted(records)).toEqual(sorted(fixtures.map(down)));
    expect(
      listRequests(sim).every((request) =>
        String(request.query['prefix']).startsWith('ext/openmdr/1.0/'),
      ),
    ).toBe(true);
    await instance.close();
    // the same lake read as the unversioned source: nothing there
    const { sourceVersion: _version, ...unversioned } = sim.config;
    const other = await securitylakeConnector.connect({
      config: unversioned,
      secrets: sim.secrets,
      rateLimit: false,
    });
    expect((await readAll(other)).records).toEqual([]);
    await other.close();
  });
});

describe('an AWS native source on S3 (simulated)', () => {
  it('lists aws/<SOURCE>/<version>/ and reads AWS’s gzip Parquet as the events stream', async () => {
    const sim = await start();
    const key =
      'aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=123456789012/eventDay=20260301/x.gz.parquet';
    // built by lake/native.test.ts's SQL; a custom-source object beside it is not read
    const bytes = readFileSync(
      new URL('../__fixtures__/cloudtrail-mgmt-2.0.gz.parquet', import.meta.url),
    );
    sim.aws.putObject(sim.config.bucket, key, bytes, 'application/octet-stream');
    sim.aws.putObject(
      sim.config.bucket,
      key.replace('aws/CLOUD_TRAIL_MGMT/2.0', 'ext/openmdr'),
      bytes,
      'application/octet-stream',
    );
    const { instance } = await connect(sim, { awsSources: ['CLOUD_TRAIL_MGMT/2.0', 'VPC_FLOW'] });
    await instance.check();
    const { records, state } = await readAll(instance);
    expect(records).toHaveLength(3);
    expect(Object.keys((state as { seen: Record<string, number> }).seen)).toEqual([key]);
    const batch = instance.normalizeBatch('events', records);
    expect(batch.deadLetters).toEqual([]);
    expect(batch.events.every((event) => event['class_uid'] === 6003)).toBe(true);
    const prefixes = listRequests(sim).map((request) => String(request.query['prefix']));
    expect(prefixes.some((prefix) => prefix.startsWith('aws/VPC_FLOW/2.0/'))).toBe(true);
    expect(prefixes.some((prefix) => prefix.startsWith('ext/'))).toBe(false);
    await instance.close();
  });
});
