import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openPostgresStore, openRedisStore } from '../src/index.js';
import { runCasChildren } from './support/cas-harness.js';

const pgUrl = process.env['OPENMDR_TEST_PG_URL'];
const redisUrl = process.env['OPENMDR_TEST_REDIS_URL'];
const keys = 3;
const increments = 150;

describe.skipIf(!pgUrl)('compare-and-set across processes on PostgreSQL', () => {
  it('two processes incrementing the same keys lose no update', async () => {
    const schema = `openmdr_cas_${randomUUID().replace(/-/g, '')}`;
    try {
      const reports = await runCasChildren(2, {
        CAS_STORE: 'postgres',
        CAS_URL: pgUrl!,
        CAS_NAMESPACE: schema,
        CAS_KEYS: String(keys),
        CAS_INCREMENTS: String(increments),
      });
      expect(reports.map((report) => report.made)).toEqual([keys * increments, keys * increments]);
      const store = await openPostgresStore({ url: pgUrl!, schema });
      try {
        const state = store.forTenant('cas-tenant').state;
        for (let index = 0; index < keys; index++) {
          expect((await state.get(`counter-${index}`))?.value).toBe(2 * increments);
        }
      } finally {
        await store.close();
      }
      // Contention really happened, so the test exercised the conflict path.
      expect(reports.reduce((sum, report) => sum + report.conflicts, 0)).toBeGreaterThan(0);
    } finally {
      const sql = postgres(pgUrl!, { onnotice: () => {} });
      await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await sql.end();
    }
  });
});

describe.skipIf(!redisUrl)('compare-and-set across processes on Redis', () => {
  it('two processes incrementing the same keys lose no update', async () => {
    const prefix = `openmdr-cas-${randomUUID()}`;
    try {
      const reports = await runCasChildren(2, {
        CAS_STORE: 'redis',
        CAS_URL: redisUrl!,
        CAS_NAMESPACE: prefix,
        CAS_KEYS: String(keys),
        CAS_INCREMENTS: String(increments),
      });
      expect(reports.map((report) => report.made)).toEqual([keys * increments, keys * increments]);
      const store = await openRedisStore({ url: redisUrl!, keyPrefix: prefix });
      try {
        const state = store.forTenant('cas-tenant').state;
        for (let index = 0; index < keys; index++) {
          expect((await state.get(`counter-${index}`))?.value).toBe(2 * increments);
        }
      } finally {
        await store.close();
      }
      expect(reports.reduce((sum, report) => sum + report.conflicts, 0)).toBeGreaterThan(0);
    } finally {
      const redis = new Redis(redisUrl!);
      const found = await redis.keys(`${prefix}:*`);
      if (found.length > 0) await redis.del(...found);
      await redis.quit();
    }
  });
});
