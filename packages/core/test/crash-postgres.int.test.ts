import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../src/index.js';
import { crashAndRecover } from './support/crash-harness.js';

const url = process.env['OPENMDR_TEST_PG_URL'];
const count = 2000;

describe.skipIf(!url)('crash recovery on PostgreSQL', () => {
  it('loses no event and duplicates none (after dedup by id) across SIGKILLs and a SIGTERM drain', async () => {
    const schema = `openmdr_crash_${randomUUID().replace(/-/g, '')}`;
    const seed = Number(process.env['OPENMDR_CRASH_SEED'] ?? Date.now() % 100_000);
    try {
      const outcome = await crashAndRecover({
        environment: {
          CRASH_STORE: 'postgres',
          CRASH_PG_URL: url!,
          CRASH_PG_SCHEMA: schema,
          CRASH_COUNT: String(count),
          CRASH_PAUSE_MS: '40',
        },
        count,
        kills: 4,
        seed,
        // A run takes over 1.6 s (40 batches, 40 ms pause each, plus the writes).
        maxKillDelayMs: 300,
        openTenant: async () => {
          const store = await openPostgresStore({ url: url!, schema });
          return { tenant: store.forTenant('crash-tenant'), close: () => store.close() };
        },
      });
      expect({ seed, ...outcome, missing: outcome.missing.slice(0, 20) }).toMatchObject({
        kills: 4,
        missing: [],
        unexpected: [],
        checkpoint: count,
      });
      expect(outcome.drain.written).toBe(outcome.drain.read);
      if (outcome.drain.read > 0) expect(outcome.final.read).toBe(count - outcome.drain.committed!);
    } finally {
      const sql = postgres(url!, { onnotice: () => {} });
      await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await sql.end();
    }
  });
});
