export { type MemoryStoreOptions, openMemoryStore } from './memory-store.js';
export {
  type MigrateStoreOptions,
  migrateStore,
  type StoreMigrationProgress,
  type StoreMigrationResult,
  type StoreMigrationTable,
  type StoreMigrationTableResult,
  storeMigrationTables,
} from './migrate-store.js';
export { type OpenStoreOptions, openStore } from './open-store.js';
export { openPgliteStore, type PgliteStoreOptions } from './pglite-store.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { openRedisStore, type RedisStoreOptions } from './redis-store.js';
export type { AppliedMigration } from './sql/migrate.js';
export { type Migration, migrations } from './sql/migrations/index.js';
export type { SqlStore } from './sql/sql-store.js';
export { parseStoreLocation, redactStoreLocation } from './store-location.js';
export type {
  AppendLog,
  Checkpoint,
  CheckpointStore,
  JsonValue,
  KeyedLogEntry,
  LogEntry,
  LogReadOptions,
  StateStore,
  StateWriteOptions,
  Store,
  StoreKind,
  TenantStore,
  VersionedValue,
} from './types.js';
