import { type MemoryStoreOptions, openMemoryStore } from './memory-store.js';
import { openPgliteStore, type PgliteStoreOptions } from './pglite-store.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import { openRedisStore, type RedisStoreOptions } from './redis-store.js';
import type { Store } from './types.js';

/** What {@link openStore} opens: the adapter's `kind` and its options. */
export type OpenStoreOptions =
  | ({ kind: 'memory' } & MemoryStoreOptions)
  | ({ kind: 'pglite' } & PgliteStoreOptions)
  | ({ kind: 'postgres' } & PostgresStoreOptions)
  | ({ kind: 'redis' } & RedisStoreOptions);

/**
 * Opens a store of any kind: `memory` (tests), `pglite` (the embedded default), `postgres`
 * (durable, shared) or `redis` (state shared between processes). Code written against
 * {@link Store} runs unchanged on each.
 *
 * @example
 * ```ts
 * const store = await openStore({ kind: 'pglite', dataDir: './data' });
 * const acme = store.forTenant('acme');
 * await acme.state.compareAndSet('counter', null, 1);
 * ```
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  switch (options.kind) {
    case 'memory':
      return openMemoryStore(options);
    case 'pglite':
      return openPgliteStore(options);
    case 'postgres':
      return openPostgresStore(options);
    case 'redis':
      return openRedisStore(options);
  }
}
