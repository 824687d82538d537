import { readFileSync } from 'node:fs';
import { createRecordingSleep } from '@openmdr/connector-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudtrailConnector, isCloudTrailPoisonFile } from './index.js';
import {
  CLOUDTRAIL_SIM_BUCKET,
  CLOUDTRAIL_SIM_QUEUE,
  type CloudtrailSimulatorOptions,
  cloudTrailGzipRecords,
  type StartedCloudtrailSimulator,
  startCloudtrailSimulator,
} from './simulator/index.js';

type Rec = Record<string, unknown>;
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as Rec[];
const management = fixture('management-events');
const data = fixture('data-events');
const signin = fixture('signin-events');
const insights = fixture('insights-events');
const idsOf = (records: readonly unknown[]) =>
  records.map((record) => String((record as Rec)['eventID']));

let sim: StartedCloudtrailSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: CloudtrailSimulatorOptions) {
  sim = await startCloudtrailSimulator(options);
  const sleep = createRecordingSleep(0);
  const instance = await cloudtrailConnector.connect({
    config: sim.config,
    secrets: sim.secrets,
    tenant: 'acme',
    sleep: sleep.sleep,
    retry: { retries: 4, minDelayMs: 10, factor: 2, jitter: 'none' },
    rateLimit: false,
  });
  return { sim, instance, sleep };
}

type Instance = Awaited<ReturnType<typeof start>>['instance'];

/** Reads the events stream once from `state`; returns the records and the last state. */
async function readAll(instance: Instance, state?: unknown) {
  const records: unknown[] = [];
  let last: unknown = state;
  for await (const batch of instance.read('events', state)) {
    records.push(...batch.records);
    last = batch.state;
  }
  return { records, state: last };
}

const operations = (simulated: StartedCloudtrailSimulator) =>
  simulated.aws.simulator.requests.map(
    (request) => request.headers['x-amz-target']?.replace('AmazonSQS.', '') ?? request.method,
  );

describe('cloudtrail events stream (S3 notifications on SQS)', () => {
  it('reads every notification style, skips digests, dead-letters poison files, deletes on commit', async () => {
    const { sim, instance } = await start({
      files: [
        { records: management, notification: 's3' },
        { records: signin, notification: 'sns' },
        { records: data, notification: 'eventbridge' },
        {
          key: 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/03/05/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20250305T120000Z.json.gz',
          body: cloudTrailGzipRecords([{ eventID: 'digest-not-an-event' }]),
        },
        {
          key: 'AWSLogs/111122223333/CloudTrail/us-east-1/2025/03/05/corrupt file.json.gz',
          body: new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4]),
        },
      ],
    });
    sim.aws.sendMessage(CLOUDTRAIL_SIM_QUEUE, 'not json at all');
    sim.aws.sendMessage(
      CLOUDTRAIL_SIM_QUEUE,
      JSON.stringify({
        Service: 'Amazon S3',
        Event: 's3:TestEvent',
        Bucket: CLOUDTRAIL_SIM_BUCKET,
      }),
    );
    const first = await readAll(instance);
    const events = first.records.filter((record) => !isCloudTrailPoisonFile(record));
    expect(idsOf(events).sort()).toEqual(idsOf([...management, ...signin, ...data]).sort());
    expect(idsOf(events)).not.toContain('digest-not-an-event');

    const poison = first.records.filter(isCloudTrailPoisonFile);
    expect(poison.map((record) => record.key ?? 'message')).toEqual([
      'AWSLogs/111122223333/CloudTrail/us-east-1/2025/03/05/corrupt file.json.gz',
      'message',
    ]);
    const normalized = instance.normalizeBatch('events', first.records);
    expect(normalized.events).toHaveLength(events.length);
    expect(normalized.deadLetters.map((dead) => dead.error.details)).toEqual([
      {
        path: `s3://${CLOUDTRAIL_SIM_BUCKET}/AWSLogs/111122223333/CloudTrail/us-east-1/2025/03/05/corrupt file.json.gz`,
      },
      { path: expect.stringMatching(/^sqs-message:/) },
    ]);
    expect(String(normalized.deadLetters[0]?.error.message)).toMatch(/gzip/);

    // nothing deleted before the state is committed: all 7 messages are in flight
    expect(sim.aws.messages(CLOUDTRAIL_SIM_QUEUE)).toHaveLength(7);
    expect(operations(sim)).not.toContain('DeleteMessage');
    // the next read from the committed state deletes them and finds nothing new
    const second = await readAll(instance, first.state);
    expect(second.records).toEqual([]);
    expect(second.state).toEqual({ version: 1, pending: [] });
    expect(sim.aws.messages(CLOUDTRAIL_SIM_QUEUE)).toHaveLength(0);
    await instance.close();
  });

  it('reads organisation-trail keys of several accounts', async () => {
    const other = management.slice(0, 3).map((record, index) => ({
      ...record,
      eventID: `org-${index}-0000-4000-8000-000000000000`,
      recipientAccountId: '444455556666',
    }));
    const { sim, instance } = await start({
      organizationId: 'o-exampleorgid',
      files: [{ records: management.slice(0, 5) }, { records: other }],
    });
    const { records } = await readAll(instance);
    expect(idsOf(records).sort()).toEqual(idsOf([...management.slice(0, 5), ...other]).sort());
    const gets = sim.aws.simulator.requests
      .filter((request) => request.method === 'GET')
      .map((request) => decodeURIComponent(request.path));
    expect(gets).toEqual([
      expect.stringMatching(/\/AWSLogs\/o-exampleorgid\/111122223333\/CloudTrail\/us-east-1\//),
      expect.stringMatching(/\/AWSLogs\/o-exampleorgid\/444455556666\/CloudTrail\/us-east-1\//),
    ]);
    await instance.close();
  });

  it('loses nothing when it crashes before the commit: the messages come back, duplicates only by eventID', async () => {
    const { sim, instance } = await start({
      files: [{ records: management }, { records: insights }, { records: signin }],
    });
    // the first batch is read, never committed, and the process dies
    const iterator = instance.read('events')[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    await iterator.return?.();
    // the visibility timeout lapses: the uncommitted messages are delivered again
    sim.aws.advanceTime(301_000);
    const again = await readAll(instance);
    const delivered = [...(first.value?.records ?? []), ...again.records];
    const expected = idsOf([...management, ...insights, ...signin]);
    expect(new Set(idsOf(delivered))).toEqual(new Set(expected));
    // the only repeats are the first batch's records (same eventIDs, deduplicated downstream)
    expect(delivered.length - expected.length).toBe(first.value?.records.length);
    await readAll(instance, again.state);
    expect(sim.aws.messages(CLOUDTRAIL_SIM_QUEUE)).toHaveLength(0);
    await instance.close();
  });

  it('retries throttling on SQS and S3 and refreshes expired credentials mid-read', async () => {
    const { sim, instance, sleep } = await start({
      files: [{ records: management }, { records: data }],
    });
    sim.aws.failNext('ReceiveMessage', 'throttling');
    sim.aws.failNext('GetObject', 'throttling', 2);
    const records: unknown[] = [];
    let state: unknown;
    for await (const batch of instance.read('events')) {
      records.push(...batch.records);
      state = batch.state;
      // the assumed-role session expires between two objects
      sim.aws.expireSessions();
    }
    expect(idsOf(records).sort()).toEqual(idsOf([...management, ...data]).sort());
    expect(sleep.delays.length).toBeGreaterThanOrEqual(3);
    // one AssumeRole at connect-time use, one more after the expiry
    expect(sim.aws.assumeRoleCalls.length).toBeGreaterThanOrEqual(2);
    expect(sim.aws.assumeRoleCalls[0]?.externalId).toBe('sim-external-id-4410');
    await readAll(instance, state);
    expect(sim.aws.messages(CLOUDTRAIL_SIM_QUEUE)).toHaveLength(0);
    await instance.close();
  });

  it('extends the visibility of received messages while the read goes on', async () => {
    sim = await startCloudtrailSimulator({
      files: [{ records: management }, { records: data }],
    });
    let now = Date.now();
    const instance = await cloudtrailConnector.connect({
      config: { ...sim.config, visibilityTimeoutSeconds: 60 },
      secrets: sim.secrets,
      clock: { now: () => now },
      rateLimit: false,
    });
    const records: unknown[] = [];
    for await (const batch of instance.read('events')) {
      records.push(...batch.records);
      // 40 s pass per batch (more than half the visibility timeout)
      now += 40_000;
      sim.aws.advanceTime(40_000);
    }
    expect(records).toHaveLength(management.length + data.length);
    expect(operations(sim)).toContain('ChangeMessageVisibility');
    // both messages still in flight: none was redelivered in the read
    expect(new Set(idsOf(records)).size).toBe(records.length);
    await instance.close();
  });

  it('fails with a typed error when the queue is not configured', async () => {
    const { sim, instance } = await start({});
    await instance.close();
    const { queueUrl: _, ...config } = sim.config;
    const noQueue = await cloudtrailConnector.connect({ config, secrets: sim.secrets });
    await expect(readAll(noQueue)).rejects.toMatchObject({ code: 'CONNECTOR_CONFIG' });
    await noQueue.close();
  });
});
