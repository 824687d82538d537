import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe } from 'vitest';
import { openPostgresStore, openStore } from '../src/index.js';
import { describeStoreContract } from './support/store-contract.js';

const url = process.env['OPENMDR_TEST_PG_URL'];
const schemas: string[] = [];

describe.skipIf(!url)('postgres adapter', () => {
  afterAll(async () => {
    const sql = postgres(url!, { onnotice: () => {} });
    for (const schema of schemas) await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql.end();
  });

  let current = '';
  describeStoreContract('postgres', {
    open: async (clock) => {
      current = `openmdr_test_${randomUUID().replace(/-/g, '')}`;
      schemas.push(current);
      return openStore({ kind: 'postgres', url: url!, schema: current, clock });
    },
    reopen: (clock) => openPostgresStore({ url: url!, schema: current, clock }),
    injectedClock: true,
  });
});
