import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { openStore } from '@openmdr/core';
import { afterAll } from 'vitest';
import { describeInvestigationStore } from './support/store-contract.js';

describeInvestigationStore('memory', async () => openStore({ kind: 'memory' }));

// PGlite is a dependency of @openmdr/core, not of this package: load it from there. Creating a
// database runs initdb (seconds), so every store of this file shares one in-memory database,
// emptied before each store opens, closed at the end (each store's own close is a no-op).
type Database = {
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
  waitReady: Promise<void>;
};
const fromCore = createRequire(new URL('../../core/package.json', import.meta.url));
let shared: Database | undefined;
afterAll(async () => {
  await shared?.close();
});

describeInvestigationStore('pglite', async () => {
  if (shared === undefined) {
    const { PGlite } = (await import(
      pathToFileURL(fromCore.resolve('@electric-sql/pglite')).href
    )) as {
      PGlite: new () => Database;
    };
    shared = new PGlite();
    await shared.waitReady;
  }
  const database = shared;
  const keepOpen = new Proxy(database, {
    get(target, property) {
      if (property === 'close') return async () => {};
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const store = await openStore({ kind: 'pglite', database: keepOpen as never });
  await database.exec(
    'TRUNCATE openmdr_state, openmdr_checkpoints, openmdr_log_heads, openmdr_log',
  );
  return store;
});
