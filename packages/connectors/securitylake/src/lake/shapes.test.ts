import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downConvertOcsf } from '@openmdr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { localDirectorySink, readSecurityLake, writeSecurityLake } from './index.js';
import { absorbValue, duckdbType, shapeOf } from './schema.js';

const finding = (time: number, unmapped: Record<string, unknown>) => ({
  activity_id: 1,
  category_uid: 2,
  class_uid: 2004,
  type_uid: 200401,
  severity_id: 3,
  time,
  metadata: { version: '1.8.0', product: { name: 'Test', vendor_name: 'OpenMDR' } },
  finding_info: { uid: `f-${time}`, title: 'test' },
  unmapped,
});

describe('Parquet shapes', () => {
  it('types nested objects as STRUCTs and disagreeing values as JSON', () => {
    const shape = absorbValue(shapeOf({ a: 1, b: { c: 'x' }, d: [1] }), { a: 1.5, b: 'y', d: [] });
    expect(duckdbType(shape)).toBe('STRUCT("a" DOUBLE, "b" JSON, "d" BIGINT[])');
    expect(duckdbType(shapeOf({ Foo: 1, foo: 2 }))).toBe('JSON');
    expect(duckdbType(shapeOf({}))).toBe('JSON');
    expect(duckdbType(shapeOf([]))).toBe('JSON');
    expect(duckdbType(shapeOf({ 'a"b': true }))).toBe('STRUCT("a""b" BOOLEAN)');
  });
});

describe('Security Lake round trip of awkward values', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('keeps every value exactly, whatever its shape', async () => {
    const root = await mkdtemp(join(tmpdir(), 'securitylake-shapes-'));
    roots.push(root);
    const base = Date.parse('2026-03-02T23:59:59.000Z');
    const events = [
      finding(base, {
        a: 1,
        when: '2026-03-02T00:00:00Z',
        n: '123',
        empty: {},
        list: [],
        "it's": 'quote',
      }),
      finding(base + 1, {
        a: 'x',
        Foo: 1,
        foo: 2,
        big: 2 ** 53 + 2,
        half: 0.1,
        nested: [{ x: 1 }, { y: [true] }],
      }),
      finding(base + 2, {
        a: { b: [1, 'two', null] },
        unicode: 'é✓🙂',
        deep: { l1: { l2: { l3: {} } } },
      }),
      finding(base + 1_000, { a: 2, note: 'next UTC day' }),
    ];
    const summary = await writeSecurityLake(events, {
      sink: localDirectorySink(root),
      sourceName: 'shapes',
      region: 'us-east-1',
      accountId: '000000000001',
    });
    expect(summary.objects.map((object) => object.eventDay).sort()).toEqual([
      '20260302',
      '20260303',
    ]);
    const read: unknown[] = [];
    for await (const event of readSecurityLake({ root })) read.push(event);
    expect(read).toEqual(events.map((event) => downConvertOcsf(event, '1.1.0').event));
  });

  it('rejects events without a time or of a class OCSF 1.1.0 lacks, and rejects bad partitions', async () => {
    const root = await mkdtemp(join(tmpdir(), 'securitylake-shapes-'));
    roots.push(root);
    const options = {
      sink: localDirectorySink(root),
      sourceName: 'shapes',
      region: 'us-east-1',
      accountId: '000000000001',
    };
    const summary = await writeSecurityLake(
      [{ class_uid: 2004 }, { time: 1, class_uid: 9999 }, { time: 1 }],
      options,
    );
    expect(summary.rejected).toEqual([
      { index: 0, reason: 'no_time' },
      { index: 1, reason: 'class_not_in_ocsf_1_1' },
      { index: 2, reason: 'no_class_uid' },
    ]);
    expect(summary.objects).toEqual([]);
    await expect(writeSecurityLake([], { ...options, accountId: '12345' })).rejects.toThrow(
      /accountId/,
    );
    await expect(writeSecurityLake([], { ...options, sourceName: 'a/b' })).rejects.toThrow(
      /sourceName/,
    );
  });
});
