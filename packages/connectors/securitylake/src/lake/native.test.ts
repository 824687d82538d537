import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { validateOcsfEvent } from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securitylakeConnector } from '../connector.js';
import { normalizeLakeEvent } from '../normalize.js';
import {
  listSecurityLakeFiles,
  localLakeStore,
  readSecurityLake,
  readSecurityLakeObject,
  readSecurityLakeStore,
} from './index.js';

/**
 * An AWS native source as Security Lake writes it — `aws/CLOUD_TRAIL_MGMT/2.0/…/x.gz.parquet`,
 * OCSF 1.1.0 API Activity in AWS's own column types (TIMESTAMP `time`, MAP `unmapped`, nested
 * STRUCTs, extra columns) — built with DuckDB SQL and read through the reader, the store and
 * the connector's stream, giving strictly valid OCSF 1.8.0.
 */
const sql = readFileSync(
  new URL('../__fixtures__/cloudtrail-mgmt-2.0.sql', import.meta.url),
  'utf8',
);
const committed = new URL('../__fixtures__/cloudtrail-mgmt-2.0.gz.parquet', import.meta.url);
const KEY = 'aws/CLOUD_TRAIL_MGMT/2.0/region=us-east-1/accountId=123456789012/eventDay=20260301';
const times = ['2026-03-01T07:05:00Z', '2026-03-01T08:15:02.123Z', '2026-03-01T09:40:11.500Z'].map(
  (time) => Date.parse(time),
);

type OcsfEvent = Record<string, unknown>;

async function rowsOf(path: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT to_json(e)::VARCHAR FROM read_parquet('${path}', hive_partitioning = false) e ORDER BY "time"`,
    );
    return reader.getRows().map(([json]) => String(json));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('reading an AWS native source (CLOUD_TRAIL_MGMT 2.0)', () => {
  let root: string;
  let path: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'securitylake-native-'));
    await mkdir(join(root, ...KEY.split('/')), { recursive: true });
    path = join(root, ...KEY.split('/'), 'x.gz.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(sql.replaceAll('{{path}}', path.replaceAll("'", "''")));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    // a custom source next to it, which a native read must not pick up
    const custom = join(root, 'ext', 'openmdr', 'region=us-east-1', 'accountId=123456789012');
    await mkdir(join(custom, 'eventDay=20260301'), { recursive: true });
    await copyFile(path, join(custom, 'eventDay=20260301', 'copy.parquet'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('built a gzip-compressed object with AWS’s column types, the same as the committed fixture', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const types = Object.fromEntries(
        (
          await connection.runAndReadAll(
            `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`,
          )
        )
          .getRows()
          .map(([name, type]) => [String(name), String(type)]),
      );
      expect(types['time']).toBe('TIMESTAMP');
      expect(types['unmapped']).toBe('MAP(VARCHAR, VARCHAR)');
      expect(types['actor']).toMatch(/^STRUCT\(/);
      const codecs = (
        await connection.runAndReadAll(
          `SELECT DISTINCT compression FROM parquet_metadata('${path}')`,
        )
      ).getRows();
      expect(codecs).toEqual([['GZIP']]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    expect(await rowsOf(path)).toEqual(await rowsOf(committed.pathname));
  });

  it('lists the object under its native source and version, not as a custom source', async () => {
    const files = await listSecurityLakeFiles({ root, sourceKind: 'aws' });
    expect(files.map(({ path: _path, ...partition }) => partition)).toEqual([
      {
        sourceKind: 'aws',
        sourceName: 'CLOUD_TRAIL_MGMT',
        sourceVersion: '2.0',
        region: 'us-east-1',
        accountId: '123456789012',
        eventDay: '20260301',
      },
    ]);
    expect(await listSecurityLakeFiles({ root, sourceKind: 'aws', sourceVersion: '1.0' })).toEqual(
      [],
    );
    expect(
      (await listSecurityLakeFiles({ root })).map((file) => [file.sourceKind, file.sourceName]),
    ).toEqual([['ext', 'openmdr']]);
    await expect(
      listSecurityLakeFiles({ root, sourceKind: 'aws', sourceName: 'cloud_trail' }),
    ).rejects.toThrow(RangeError);
  });

  it('converts AWS’s column types: TIMESTAMPs to epoch ms at any depth, the MAP to an object', async () => {
    const events: OcsfEvent[] = [];
    for await (const event of readSecurityLake({
      root,
      sourceKind: 'aws',
      sourceName: 'CLOUD_TRAIL_MGMT',
    })) {
      events.push(event);
    }
    expect(events.map((event) => event['time'])).toEqual(times);
    const [, create, denied] = events as [OcsfEvent, OcsfEvent, OcsfEvent];
    expect(create['actor']).toEqual({
      user: {
        type: 'AssumedRole',
        name: 'admin-session',
        uid: 'AROAEXAMPLEROLEID01:admin-session',
        account: { uid: '123456789012' },
      },
      session: {
        created_time: Date.parse('2026-03-01T08:00:00Z'),
        is_mfa: true,
        issuer: 'arn:aws:iam::123456789012:role/Admin',
      },
    });
    expect(create['unmapped']).toEqual({
      eventSource: 'iam.amazonaws.com',
      recipientAccountId: '123456789012',
    });
    expect(denied['api']).toMatchObject({ response: { error: 'AccessDenied' } });
    expect(create['accountid']).toBe('123456789012');
  });

  it('filters native objects on time, class (footer statistics) and SQL', async () => {
    const read = async (options: Partial<Parameters<typeof readSecurityLake>[0]>) => {
      const events: OcsfEvent[] = [];
      for await (const event of readSecurityLake({ root, sourceKind: 'aws', ...options })) {
        events.push(event);
      }
      return events;
    };
    expect((await read({ since: times[1] as number })).map((e) => e['time'])).toEqual(
      times.slice(1),
    );
    expect((await read({ until: times[1] as number })).map((e) => e['time'])).toEqual(
      times.slice(0, 1),
    );
    expect(await read({ classUids: [2004] })).toEqual([]);
    expect(await read({ classUids: [6003] })).toHaveLength(3);
    const failed = await read({ where: "api.response.error = 'AccessDenied'" });
    expect(failed.map((e) => e['time'])).toEqual([times[2]]);
  });

  it('reads one object in a stable order from an offset, converted the same way', async () => {
    const events: OcsfEvent[] = [];
    for await (const event of readSecurityLakeObject(path, { offset: 1 })) events.push(event);
    expect(events.map((event) => event['time'])).toEqual(times.slice(1));
    expect(events[0]?.['unmapped']).toEqual({
      eventSource: 'iam.amazonaws.com',
      recipientAccountId: '123456789012',
    });
  });

  it('brings every event to strictly valid OCSF 1.8.0 API Activity', async () => {
    const store = localLakeStore(root);
    const events: OcsfEvent[] = [];
    for await (const event of readSecurityLakeStore(store, {
      sourceKind: 'aws',
      sourceName: 'CLOUD_TRAIL_MGMT',
      sourceVersion: '2.0',
    })) {
      events.push(event);
    }
    expect(events).toHaveLength(3);
    for (const event of events) {
      const normalized = normalizeLakeEvent(event) as OcsfEvent;
      expect(validateOcsfEvent(normalized, { mode: 'strict' }).ok).toBe(true);
      expect(normalized).toMatchObject({
        class_uid: 6003,
        metadata: { version: '1.8.0', product: { name: 'CloudTrail' } },
      });
      // what is not an OCSF attribute is kept under unmapped, not dropped
      expect(JSON.stringify(normalized['unmapped'])).toContain('asl_version');
    }
  });

  it('is read by the events stream when awsSources names it', async () => {
    const instance = await securitylakeConnector.connect({
      config: {
        region: 'us-east-1',
        localDir: root,
        awsSources: ['CLOUD_TRAIL_MGMT'],
        startAt: '2020-01-01T00:00:00Z',
      },
    });
    await instance.check();
    const records: OcsfEvent[] = [];
    let state: unknown;
    for await (const batch of instance.read('events')) {
      records.push(...(batch.records as OcsfEvent[]));
      state = batch.state;
    }
    expect(records.map((record) => record['time'])).toEqual(times);
    expect(Object.keys((state as { seen: Record<string, number> }).seen)).toEqual([
      `${KEY}/x.gz.parquet`,
    ]);
    const batch = instance.normalizeBatch('events', records);
    expect(batch.deadLetters).toEqual([]);
    expect(batch.events).toHaveLength(3);
    for (const event of batch.events) {
      expect(validateOcsfEvent(event, { mode: 'strict' }).ok).toBe(true);
    }
    // nothing new on the next run
    const again: OcsfEvent[] = [];
    for await (const next of instance.read('events', state as never)) {
      again.push(...(next.records as OcsfEvent[]));
    }
    expect(again).toEqual([]);
    await instance.close();
  });
});
