import { randomUUID } from 'node:crypto';
import { openStore } from '@openmdr/core';
import { describe } from 'vitest';
import { describeInvestigationStore } from './support/store-contract.js';

// As core's PostgreSQL tests: OPENMDR_TEST_PG_URL names the server; each store gets a fresh
// schema (left behind: the server is a throw-away test database).
const url = process.env['OPENMDR_TEST_PG_URL'];

describe.skipIf(!url)('postgres', () => {
  describeInvestigationStore('postgres', () =>
    openStore({
      kind: 'postgres',
      url: url as string,
      schema: `openmdr_inv_${randomUUID().replace(/-/g, '')}`,
    }),
  );
});
