import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downConvertOcsf } from '@openmdr/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  listSecurityLakeFiles,
  localDirectorySink,
  localLakeStore,
  parsePartitionKey,
  partitionPrefix,
  readSecurityLake,
  readSecurityLakeStore,
  writeSecurityLakeEvents,
} from './index.js';

type OcsfEvent = Record<string, unknown>;
const fixtures = JSON.parse(
  readFileSync(new URL('../__fixtures__/events.ocsf.json', import.meta.url), 'utf8'),
) as OcsfEvent[];
const down = (event: OcsfEvent) => downConvertOcsf(event, '1.1.0').event as OcsfEvent;
const byTime = (a: OcsfEvent, b: OcsfEvent) =>
  Number(a['time']) - Number(b['time']) || Number(a['class_uid']) - Number(b['class_uid']);
const partition = { region: 'eu-west-1', accountId: '123456789012', eventDay: '20260302' };

describe('the three key layouts', () => {
  it('writes the version segment of a versioned custom source', () => {
    expect(partitionPrefix({ sourceName: 'openmdr', ...partition })).toBe(
      'ext/openmdr/region=eu-west-1/accountId=123456789012/eventDay=20260302',
    );
    expect(partitionPrefix({ sourceName: 'openmdr', sourceVersion: '1.0', ...partition })).toBe(
      'ext/openmdr/1.0/region=eu-west-1/accountId=123456789012/eventDay=20260302',
    );
    expect(() =>
      partitionPrefix({ sourceName: 'openmdr', sourceVersion: 'a/b', ...partition }),
    ).toThrow(/sourceVersion/);
    expect(() =>
      partitionPrefix({ sourceName: 'openmdr', sourceVersion: '..', ...partition }),
    ).toThrow(/sourceVersion/);
    expect(() =>
      partitionPrefix({ sourceKind: 'aws', sourceName: 'VPC_FLOW', ...partition }),
    ).toThrow(/needs a sourceVersion/);
  });

  it('parses custom, versioned custom and native keys', () => {
    const tail = 'region=eu-west-1/accountId=123456789012/eventDay=20260302/x.parquet';
    expect(parsePartitionKey(`ext/openmdr/${tail}`)).toEqual({
      sourceKind: 'ext',
      sourceName: 'openmdr',
      ...partition,
    });
    expect(parsePartitionKey(`prefix/ext/openmdr/1.0/${tail}`)).toEqual({
      sourceKind: 'ext',
      sourceName: 'openmdr',
      sourceVersion: '1.0',
      ...partition,
    });
    expect(
      parsePartitionKey(`aws/CLOUD_TRAIL_MGMT/2.0/${tail.replace('x.parquet', 'y.gz.parquet')}`),
    ).toEqual({
      sourceKind: 'aws',
      sourceName: 'CLOUD_TRAIL_MGMT',
      sourceVersion: '2.0',
      ...partition,
    });
    // a native source always has a version folder; files sit directly under eventDay=
    expect(parsePartitionKey(`aws/VPC_FLOW/${tail}`)).toBeUndefined();
    expect(parsePartitionKey(`ext/openmdr/1.0/extra/${tail}`)).toBeUndefined();
    expect(
      parsePartitionKey(`ext/openmdr/${tail.replace('x.parquet', 'hour=1/x.parquet')}`),
    ).toBeUndefined();
  });
});

describe('a custom source registered with a sourceVersion, in a local lake', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('writes under ext/<source>/<version>/ and reads back only that version', async () => {
    const root = await mkdtemp(join(tmpdir(), 'securitylake-versioned-'));
    roots.push(root);
    const sink = localDirectorySink(root);
    const options = { sink, sourceName: 'openmdr', region: 'eu-west-1', accountId: '123456789012' };
    const versioned = await writeSecurityLakeEvents(fixtures, { ...options, sourceVersion: '1.0' });
    expect(versioned.rejected).toEqual([]);
    for (const object of versioned.objects) {
      expect(object.key).toMatch(
        /^ext\/openmdr\/1\.0\/region=[a-z0-9-]+\/accountId=\d{12}\/eventDay=\d{8}\/[^/]+\.parquet$/,
      );
    }
    // an unversioned object of the same source next to it
    const [first] = fixtures as [OcsfEvent];
    await writeSecurityLakeEvents([{ ...first, message: 'unversioned' }], options);

    const read = async (extra: Partial<Parameters<typeof readSecurityLake>[0]>) => {
      const events: OcsfEvent[] = [];
      for await (const event of readSecurityLake({ root, sourceName: 'openmdr', ...extra })) {
        events.push(event);
      }
      return events;
    };
    expect((await read({ sourceVersion: '1.0' })).sort(byTime)).toEqual(
      fixtures.map(down).sort(byTime),
    );
    expect(await read({ sourceVersion: '2.0' })).toEqual([]);
    // no version asked for: every version and the unversioned objects
    expect(await read({})).toHaveLength(fixtures.length + 1);
    const files = await listSecurityLakeFiles({ root, sourceVersion: '1.0' });
    expect(new Set(files.map((file) => file.sourceVersion))).toEqual(new Set(['1.0']));

    const store = localLakeStore(root);
    await store.check({ sourceName: 'openmdr', sourceVersion: '1.0' });
    const listed = await store.list({ sourceName: 'openmdr', sourceVersion: '1.0' });
    expect(listed.map((object) => object.key).sort()).toEqual(
      versioned.objects.map((object) => object.key).sort(),
    );
    const unversioned = await store.list({ sourceName: 'openmdr' });
    expect(unversioned).toHaveLength(1);
    const events: OcsfEvent[] = [];
    for await (const event of readSecurityLakeStore(store, {
      sourceName: 'openmdr',
      sourceVersion: '1.0',
    })) {
      events.push(event);
    }
    expect(events.sort(byTime)).toEqual(fixtures.map(down).sort(byTime));
  });
});
