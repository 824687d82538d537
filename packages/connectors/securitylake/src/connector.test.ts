import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downConvertOcsf } from '@openmdr/core';
import { afterEach, describe, expect, it } from 'vitest';
import { securitylakeConnector } from './connector.js';
import { localLakeStore, readSecurityLakeStore } from './lake/index.js';

type OcsfEvent = Record<string, unknown>;
const fixtures = JSON.parse(
  readFileSync(new URL('./__fixtures__/events.ocsf.json', import.meta.url), 'utf8'),
) as OcsfEvent[];
const down = (event: OcsfEvent) => downConvertOcsf(event, '1.1.0').event as OcsfEvent;
const byTime = (a: OcsfEvent, b: OcsfEvent) =>
  Number(a['time']) - Number(b['time']) || Number(a['class_uid']) - Number(b['class_uid']);

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function lakeDir() {
  const dir = await mkdtemp(join(tmpdir(), 'openmdr-securitylake-connector-'));
  dirs.push(dir);
  return dir;
}

const localConfig = (localDir: string) => ({
  region: 'eu-west-1',
  localDir,
  sourceName: 'openmdr',
  accountId: '123456789012',
  startAt: '2020-01-01T00:00:00Z',
});

describe('securitylake connector on a local lake', () => {
  it('writes findings into the directory and reads them back as the events stream', async () => {
    const root = await lakeDir();
    const instance = await securitylakeConnector.connect({ config: localConfig(root) });
    await instance.check();
    const output = (await instance.runAction('write-findings', {
      events: [...fixtures, { class_uid: 2004 }],
      region: 'eu-central-1',
    })) as { written: number; rejected: unknown[]; downConverted: unknown[] };
    expect(output.written).toBe(fixtures.length);
    expect(output.rejected).toEqual([{ index: fixtures.length, reason: 'no_time' }]);
    const records: OcsfEvent[] = [];
    let state: unknown;
    for await (const batch of instance.read('events')) {
      records.push(...(batch.records as OcsfEvent[]));
      state = batch.state;
    }
    expect([...records].sort(byTime)).toEqual(fixtures.map(down).sort(byTime));
    // events without a cloud object go to the action's Region and the config's account
    const store = localLakeStore(root);
    const objects = await store.list({ sourceName: 'openmdr' });
    expect(new Set(objects.map((object) => `${object.region}/${object.accountId}`))).toContain(
      'eu-central-1/123456789012',
    );
    // a retried write replaces the same objects (same keys): they are not delivered twice
    await instance.runAction('write-findings', { events: fixtures, region: 'eu-central-1' });
    const again: OcsfEvent[] = [];
    for await (const batch of instance.read('events', state as never)) {
      again.push(...(batch.records as OcsfEvent[]));
    }
    expect(again).toEqual([]);
    await instance.close();
  });

  it('fails check with a typed config error when the directory does not exist', async () => {
    const root = join(await lakeDir(), 'missing');
    const instance = await securitylakeConnector.connect({ config: localConfig(root) });
    await expect(instance.check()).rejects.toMatchObject({ code: 'CONNECTOR_CONFIG' });
    await instance.close();
  });

  it('refuses a config with neither a bucket nor a directory', async () => {
    await expect(
      securitylakeConnector.connect({ config: { region: 'eu-west-1' } }),
    ).rejects.toMatchObject({ code: 'CONNECTOR_CONFIG' });
  });

  it('reads a store with partition and time conditions', async () => {
    const root = await lakeDir();
    const instance = await securitylakeConnector.connect({ config: localConfig(root) });
    await instance.runAction('write-findings', { events: fixtures });
    await instance.close();
    const detection = fixtures.filter((event) => event['class_uid'] === 2004);
    const times = detection.map((event) => Number(event['time'])).sort((a, b) => a - b);
    const read: OcsfEvent[] = [];
    for await (const event of readSecurityLakeStore(localLakeStore(root), {
      sourceName: 'openmdr',
      classUids: [2004],
      since: times[0] ?? 0,
      until: (times.at(-1) ?? 0) + 1,
    })) {
      read.push(event);
    }
    expect(read).toEqual(detection.map(down).sort(byTime));
  });
});
