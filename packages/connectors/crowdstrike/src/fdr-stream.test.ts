import { readFileSync } from 'node:fs';
import { createRecordingSleep, createTestSecretProvider } from '@openmdr/connector-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { crowdstrikeConnector, isFdrPoisonFile, parseFdrNotification } from './index.js';
import {
  FALCON_CLIENT_ID,
  FALCON_CLIENT_SECRET,
  FDR_SIM_BUCKET,
  FDR_SIM_QUEUE,
  fdrGzipLines,
  type SimulatedFdrBatch,
  type StartedFdrSimulator,
  startFdrSimulator,
} from './simulator/index.js';

type Rec = Record<string, unknown>;
const records = JSON.parse(
  readFileSync(new URL('./__fixtures__/fdr-events.json', import.meta.url), 'utf8'),
) as Rec[];
const telemetry = records.filter((record) => record['event_simpleName'] !== undefined);
const aidmaster = records.filter((record) => record['event_simpleName'] === undefined);
const idsOf = (list: readonly unknown[]) =>
  list.map((record) => (record as Rec)['id'] ?? (record as Rec)['aid']);

let sim: StartedFdrSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(batches: readonly SimulatedFdrBatch[], fdr: Rec = {}) {
  sim = await startFdrSimulator({ batches });
  const sleep = createRecordingSleep(0);
  const instance = await crowdstrikeConnector.connect({
    config: {
      baseUrl: 'http://127.0.0.1:9',
      clientId: FALCON_CLIENT_ID,
      fdr: { ...sim.fdr, ...fdr },
    },
    secrets: createTestSecretProvider({
      'crowdstrike.client_secret': FALCON_CLIENT_SECRET,
      ...sim.secrets,
    }),
    tenant: 'acme',
    sleep: sleep.sleep,
    retry: { retries: 4, minDelayMs: 1, factor: 1, jitter: 'none' },
    rateLimit: false,
  });
  return { sim, instance, sleep };
}

type Instance = Awaited<ReturnType<typeof start>>['instance'];

async function readAll(instance: Instance, state?: unknown) {
  const batches: { records: unknown[]; state: unknown }[] = [];
  for await (const batch of instance.read('fdr', state)) batches.push(batch);
  return {
    batches,
    records: batches.flatMap((batch) => batch.records),
    state: batches.at(-1)?.state,
  };
}

describe('crowdstrike fdr (Falcon Data Replicator on SQS + S3)', () => {
  it('streams every announced file, dead-letters unreadable ones, deletes on commit', async () => {
    const { sim, instance } = await start([
      { files: [telemetry.slice(0, 12), telemetry.slice(12)] },
      { kind: 'aidmaster', files: [aidmaster] },
      { files: [new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4])], missingFile: true },
    ]);
    sim.aws.sendMessage(FDR_SIM_QUEUE, 'not a notification');
    const first = await readAll(instance);
    const good = first.records.filter((record) => !isFdrPoisonFile(record));
    expect(idsOf(good)).toEqual(idsOf([...telemetry, ...aidmaster]));
    const poison = first.records.filter(isFdrPoisonFile);
    expect(poison.map((record) => record.reason)).toEqual([
      expect.stringMatching(/cannot be read/),
      expect.stringMatching(/does not exist \(NoSuchKey\)/),
      'the body is not JSON',
    ]);

    const normalized = instance.normalizeBatch('fdr', first.records);
    expect(normalized.events).toHaveLength(good.length);
    expect(normalized.deadLetters.map((dead) => dead.error.details)).toEqual([
      { path: expect.stringMatching(new RegExp(`^s3://${FDR_SIM_BUCKET}/data/.*part-00000.gz$`)) },
      { path: expect.stringMatching(/part-99999.gz$/) },
      { path: expect.stringMatching(/^sqs-message:/) },
    ]);
    expect(new Set(normalized.events.map((event) => event.class_uid))).toEqual(
      new Set([1007, 4001, 4003, 3002, 1001, 1005, 1002, 201002, 201001, 0, 5001]),
    );

    // nothing is deleted before the state is committed
    expect(sim.aws.messages(FDR_SIM_QUEUE)).toHaveLength(4);
    const second = await readAll(instance, first.state);
    expect(second.records).toEqual([]);
    expect(second.state).toEqual({ version: 1, pending: [] });
    expect(sim.aws.messages(FDR_SIM_QUEUE)).toHaveLength(0);
    await instance.close();
  });

  it('batches a big file and lists its message only with the file’s last batch', async () => {
    const { sim, instance } = await start([{ files: [telemetry] }], { batchSize: 10 });
    const read = await readAll(instance);
    expect(read.batches.map((batch) => batch.records.length)).toEqual([
      10,
      10,
      telemetry.length - 20,
    ]);
    expect(
      read.batches.map((batch) => (batch.state as { pending: string[] }).pending.length),
    ).toEqual([0, 0, 1]);
    // a crash before the last commit: the message comes back and the file is read again
    sim.aws.advanceTime(600_000);
    const again = await readAll(instance, read.batches[1]?.state);
    expect(idsOf(again.records)).toEqual(idsOf(telemetry));
    await instance.close();
  });

  it('retries SQS throttling and S3 errors under the kit’s policy', async () => {
    const { sim, instance, sleep } = await start([{ files: [telemetry.slice(0, 3)] }]);
    sim.aws.failNext('ReceiveMessage', 'throttling', 2);
    sim.aws.failNext('GetObject', 'internal', 1);
    const read = await readAll(instance);
    expect(idsOf(read.records)).toEqual(idsOf(telemetry.slice(0, 3)));
    expect(sleep.delays.length).toBeGreaterThanOrEqual(3);
    await instance.close();
  });

  it('reads plain (not gzipped) files and S3 notifications of a replicated bucket', async () => {
    const { sim, instance } = await start([]);
    const key = 'fdr/data/2026/03/01/part-00000';
    sim.aws.putObject(
      FDR_SIM_BUCKET,
      key,
      `${telemetry
        .slice(0, 2)
        .map((record) => JSON.stringify(record))
        .join('\r\n')}`,
    );
    sim.aws.sendMessage(
      FDR_SIM_QUEUE,
      JSON.stringify({
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: FDR_SIM_BUCKET }, object: { key } },
          },
        ],
      }),
    );
    const read = await readAll(instance);
    expect(idsOf(read.records)).toEqual(idsOf(telemetry.slice(0, 2)));
    await instance.close();
  });

  it('needs the fdr configuration', async () => {
    const { instance } = await start([]);
    const bare = await crowdstrikeConnector.connect({
      config: { baseUrl: 'http://127.0.0.1:9', clientId: FALCON_CLIENT_ID },
      secrets: createTestSecretProvider({ 'crowdstrike.client_secret': FALCON_CLIENT_SECRET }),
    });
    await expect(readAll(bare)).rejects.toMatchObject({ code: 'CONNECTOR_CONFIG' });
    await bare.close();
    await instance.close();
  });
});

describe('parseFdrNotification', () => {
  it('reads FDR’s own message, S3/SNS/EventBridge notifications and the S3 test event', () => {
    expect(
      parseFdrNotification(
        JSON.stringify({
          cid: 'c',
          timestamp: 1,
          fileCount: 2,
          totalSize: 10,
          bucket: 'cs-prod-cannon-x',
          pathPrefix: 'data/u',
          files: [{ path: 'data/u/part-00000.gz', size: 5, checksum: 'a' }, { size: 5 }],
        }),
      ),
    ).toEqual({
      type: 'objects',
      objects: [{ bucket: 'cs-prod-cannon-x', key: 'data/u/part-00000.gz' }],
    });
    const s3 = {
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'b' }, object: { key: 'data/a+b.gz' } },
        },
      ],
    };
    expect(
      parseFdrNotification(JSON.stringify({ Type: 'Notification', Message: JSON.stringify(s3) })),
    ).toEqual({ type: 'objects', objects: [{ bucket: 'b', key: 'data/a b.gz' }] });
    expect(
      parseFdrNotification(
        JSON.stringify({
          'detail-type': 'Object Created',
          detail: { bucket: { name: 'b' }, object: { key: 'k' } },
        }),
      ),
    ).toEqual({ type: 'objects', objects: [{ bucket: 'b', key: 'k' }] });
    expect(parseFdrNotification(JSON.stringify({ Event: 's3:TestEvent' }))).toEqual({
      type: 'test',
    });
    expect(parseFdrNotification('[]').type).toBe('unrecognised');
    expect(fdrGzipLines([{ a: 1 }])[0]).toBe(0x1f);
  });
});
