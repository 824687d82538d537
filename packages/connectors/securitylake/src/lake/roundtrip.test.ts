import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { downConvertOcsf } from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  localDirectorySink,
  parsePartitionKey,
  readSecurityLake,
  type SecurityLakeWriteSummary,
  writeSecurityLake,
} from './index.js';

/**
 * The done-criterion: every OCSF class the connectors produce (their golden
 * `*.ocsf.json` files, read as files) written to a Security Lake directory and read back, with
 * DuckDB SQL directly and with `readSecurityLake`, gives the events down-converted to OCSF 1.1.0.
 */
const connectorsDir = join(dirname(fileURLToPath(import.meta.url)), '../../..');

type OcsfEvent = Record<string, unknown>;

async function goldenEvents(): Promise<OcsfEvent[]> {
  const events: OcsfEvent[] = [];
  for (const pkg of (await readdir(connectorsDir)).sort()) {
    if (pkg === 'securitylake') continue;
    const fixtures = join(connectorsDir, pkg, 'src', '__fixtures__');
    const names = await readdir(fixtures).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.ocsf.json')).sort()) {
      const parsed = JSON.parse(await readFile(join(fixtures, name), 'utf8')) as unknown;
      const list = Array.isArray(parsed) ? parsed : [parsed];
      for (const item of list) {
        if (
          typeof item === 'object' &&
          item !== null &&
          typeof (item as OcsfEvent)['class_uid'] === 'number'
        ) {
          events.push(item as OcsfEvent);
        }
      }
    }
  }
  return events;
}

/** Events as sorted canonical JSON (keys sorted), to compare as multisets. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
const byClass = (events: readonly OcsfEvent[]) => {
  const classes = new Map<number, string[]>();
  for (const event of events) {
    const uid = event['class_uid'] as number;
    classes.set(uid, [...(classes.get(uid) ?? []), canonical(event)]);
  }
  for (const list of classes.values()) list.sort();
  return classes;
};
const stripNulls = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(stripNulls)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, item]) => item !== null)
            .map(([key, item]) => [key, stripNulls(item)]),
        )
      : value;

describe('Security Lake round trip of the connectors’ golden OCSF events', () => {
  let root: string;
  let input: OcsfEvent[];
  let expected: OcsfEvent[];
  let summary: SecurityLakeWriteSummary;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'securitylake-roundtrip-'));
    input = await goldenEvents();
    expected = input
      .map((event) => downConvertOcsf(event, '1.1.0').event)
      .filter((event): event is OcsfEvent => event !== undefined);
    summary = await writeSecurityLake(input, {
      sink: localDirectorySink(root),
      sourceName: 'openmdr-test',
      region: 'eu-west-1',
      accountId: '123456789012',
      targetFileRows: 50,
    });
  }, 60_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('has golden events of many classes to write', () => {
    expect(input.length).toBeGreaterThan(100);
    expect(byClass(expected).size).toBeGreaterThanOrEqual(10);
  });

  it('stores every event that OCSF 1.1.0 can carry, one class and one UTC day per object', () => {
    expect(summary.rejected.length).toBe(input.length - expected.length);
    expect(summary.objects.reduce((sum, object) => sum + object.rows, 0)).toBe(expected.length);
    for (const object of summary.objects) {
      expect(object.key).toMatch(
        /^ext\/openmdr-test\/region=eu-west-1\/accountId=123456789012\/eventDay=\d{8}\/\d+-\d{8}T\d{6}Z-[0-9a-f]{12}\.parquet$/,
      );
      expect(parsePartitionKey(object.key)?.eventDay).toBe(object.eventDay);
      expect(object.rows).toBeLessThanOrEqual(50);
    }
  });

  it('reads back identical events with DuckDB SQL over the Hive-partitioned tree', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const events: OcsfEvent[] = [];
      for (const object of summary.objects) {
        const reader = await connection.runAndReadAll(
          `SELECT to_json(e)::VARCHAR, "eventDay", "time" FROM read_parquet('${join(root, object.key)}', hive_partitioning = true) e`,
        );
        for (const [json, eventDay, time] of reader.getRows()) {
          const event = stripNulls(JSON.parse(String(json))) as OcsfEvent;
          expect(String(eventDay)).toBe(
            new Date(Number(time)).toISOString().slice(0, 10).replaceAll('-', ''),
          );
          for (const partition of ['region', 'accountId', 'eventDay']) delete event[partition];
          events.push(event);
        }
      }
      const actual = byClass(events);
      for (const [uid, list] of byClass(expected))
        expect({ uid, events: actual.get(uid) }).toEqual({ uid, events: list });
      expect([...actual.keys()].sort()).toEqual([...byClass(expected).keys()].sort());
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('reads back identical events with readSecurityLake, oldest first', async () => {
    const events: OcsfEvent[] = [];
    for await (const event of readSecurityLake({ root, sourceName: 'openmdr-test' }))
      events.push(event);
    const times = events.map((event) => event['time'] as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const actual = byClass(events);
    for (const [uid, list] of byClass(expected))
      expect({ uid, events: actual.get(uid) }).toEqual({ uid, events: list });
    expect(actual.size).toBe(byClass(expected).size);
  });

  it('filters on time, class and a SQL condition', async () => {
    const times = expected.map((event) => event['time'] as number).sort((a, b) => a - b);
    const since = times[Math.floor(times.length / 3)] as number;
    const until = times[Math.floor((2 * times.length) / 3)] as number;
    const classUid = expected[0]?.['class_uid'] as number;
    const read = async (options: Partial<Parameters<typeof readSecurityLake>[0]>) => {
      const events: OcsfEvent[] = [];
      for await (const event of readSecurityLake({ root, ...options })) events.push(event);
      return events;
    };
    const window = await read({ since, until });
    expect(window.length).toBe(
      expected.filter((e) => (e['time'] as number) >= since && (e['time'] as number) < until)
        .length,
    );
    const oneClass = await read({ classUids: [classUid] });
    expect(oneClass.length).toBe(expected.filter((e) => e['class_uid'] === classUid).length);
    const severe = await read({ where: 'severity_id >= 4' });
    expect(severe.length).toBe(expected.filter((e) => (e['severity_id'] as number) >= 4).length);
    const titled = await read({ where: "finding_info.title LIKE '%a%'", classUids: [2004] });
    expect(titled.length).toBe(
      expected.filter(
        (e) =>
          e['class_uid'] === 2004 &&
          String((e['finding_info'] as OcsfEvent | undefined)?.['title']).includes('a'),
      ).length,
    );
    expect(titled.length).toBeGreaterThan(0);
    expect(await read({ sourceName: 'another-source' })).toEqual([]);
    await expect(read({ sourceName: '../escape' })).rejects.toThrow(RangeError);
  });
});
