import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { conversionOf, parseDuckdbType } from './projection.js';
import { readSecurityLakeObject } from './reader.js';

describe('DuckDB types of objects the reader did not write', () => {
  it('parses the types DESCRIBE prints', () => {
    expect(parseDuckdbType('STRUCT("a b" TIMESTAMP WITH TIME ZONE, c DECIMAL(18,3)[])[]')).toEqual({
      kind: 'list',
      of: {
        kind: 'struct',
        fields: [
          ['a b', { kind: 'scalar', name: 'TIMESTAMP WITH TIME ZONE' }],
          ['c', { kind: 'list', of: { kind: 'scalar', name: 'DECIMAL(18,3)' } }],
        ],
      },
    });
    expect(parseDuckdbType('MAP(VARCHAR, STRUCT("x""y" BLOB))')).toEqual({
      kind: 'map',
      key: { kind: 'scalar', name: 'VARCHAR' },
      value: { kind: 'struct', fields: [['x"y', { kind: 'scalar', name: 'BLOB' }]] },
    });
    expect(() => parseDuckdbType('STRUCT(a INTEGER')).toThrow(/STRUCT\(a INTEGER/);
    expect(() => parseDuckdbType('INTEGER) x')).toThrow(SyntaxError);
  });

  it('converts only what needs it', () => {
    expect(conversionOf(parseDuckdbType('STRUCT(a VARCHAR, b BIGINT[])'), 'c')).toBeUndefined();
    expect(conversionOf(parseDuckdbType('MAP(VARCHAR, VARCHAR)'), 'c')).toBeUndefined();
    expect(conversionOf(parseDuckdbType('TIMESTAMP_NS'), 'c')).toBe('epoch_ms(c)');
  });

  it('reads TIMESTAMPs as epoch ms, MAPs as objects, BLOBs as base64, DECIMAL and HUGEINT as numbers, at any depth', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'securitylake-projection-'));
    const path = join(dir, 'types.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(
        `COPY (SELECT 1 AS class_uid, TIMESTAMPTZ '2026-03-01 10:00:00.250+00' AS "time",
           '\\x00\\xFF'::BLOB AS raw, 12.5::DECIMAL(10,2) AS score, 170141183460469231731687303715884105::HUGEINT AS big,
           [{'at': TIMESTAMP '2026-03-01 00:00:01', 'n': 1}, NULL] AS items,
           MAP {'k': TIMESTAMP_MS '2026-03-01 00:00:02'} AS stamps,
           {'inner': {'when': TIMESTAMP_S '2026-03-01 00:00:03', 'data': '\\x01'::BLOB}, 'none': NULL::TIMESTAMP} AS nested,
           NULL::STRUCT(x TIMESTAMP) AS absent
         ) TO '${path}' (FORMAT parquet)`,
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    try {
      const events: unknown[] = [];
      for await (const event of readSecurityLakeObject(path)) events.push(event);
      expect(events).toEqual([
        {
          class_uid: 1,
          time: Date.parse('2026-03-01T10:00:00.250Z'),
          raw: 'AP8=',
          score: 12.5,
          big: Number('170141183460469231731687303715884105'),
          items: [{ at: Date.parse('2026-03-01T00:00:01Z'), n: 1 }, null],
          stamps: { k: Date.parse('2026-03-01T00:00:02Z') },
          nested: { inner: { when: Date.parse('2026-03-01T00:00:03Z'), data: 'AQ==' } },
        },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
