import { OpenMdrError } from '../../errors/openmdr-error.js';
import { CompareAndSetConflict, StorageError } from '../../errors/runtime-errors.js';
import type { Clock } from '../../runtime/clock.js';
import { tenantId } from '../../runtime/tenant.js';
import type {
  AppendLog,
  CheckpointStore,
  JsonValue,
  KeyedLogEntry,
  LogEntry,
  StateStore,
  Store,
  StoreKind,
  TenantStore,
} from '../types.js';
import {
  checkName,
  checkVersion,
  closedError,
  encodeJson,
  expiryOf,
  readRange,
} from '../validate.js';
import { type AppliedMigration, appliedMigrations } from './migrate.js';
import type { SqlClient } from './sql-client.js';

/** A store on PGlite or PostgreSQL. */
export interface SqlStore extends Store {
  /** `'pglite'` or `'postgres'`. */
  readonly kind: Extract<StoreKind, 'pglite' | 'postgres'>;
  /** The migrations recorded in the database, in version order. */
  appliedMigrations(): Promise<AppliedMigration[]>;
}

const clients = new WeakMap<SqlStore, SqlClient>();

/**
 * The SQL client under a store made by {@link createSqlStore}: for tools inside this package that
 * work on whole tables (the store migration), never handed to embedders.
 */
export function sqlClientOf(store: SqlStore): SqlClient {
  const client = clients.get(store);
  if (client === undefined) {
    throw new StorageError('not a SQL store opened by @openmdr/core', { code: 'STORAGE_CONFIG' });
  }
  return client;
}

const STATE_UPSERT = `
INSERT INTO openmdr_state AS s (tenant, key, value, version, expires_at)
VALUES ($1, $2, $3::text::jsonb, 1, $4::bigint)
ON CONFLICT (tenant, key) DO UPDATE SET
  value = EXCLUDED.value,
  expires_at = EXCLUDED.expires_at,
  version = CASE WHEN s.expires_at IS NOT NULL AND s.expires_at <= $5::bigint THEN 1 ELSE s.version + 1 END
RETURNING version`;

const STATE_INSERT_IF_ABSENT = `
INSERT INTO openmdr_state AS s (tenant, key, value, version, expires_at)
VALUES ($1, $2, $3::text::jsonb, 1, $4::bigint)
ON CONFLICT (tenant, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, version = 1
WHERE s.expires_at IS NOT NULL AND s.expires_at <= $5::bigint
RETURNING version`;

const STATE_UPDATE_IF_VERSION = `
UPDATE openmdr_state SET value = $3::text::jsonb, expires_at = $4::bigint, version = version + 1
WHERE tenant = $1 AND key = $2 AND version = $6::bigint AND (expires_at IS NULL OR expires_at > $5::bigint)
RETURNING version`;

const LOG_RESERVE = `
INSERT INTO openmdr_log_heads AS h (tenant, stream, last_sequence) VALUES ($1, $2, $3::bigint)
ON CONFLICT (tenant, stream) DO UPDATE SET last_sequence = h.last_sequence + EXCLUDED.last_sequence
RETURNING last_sequence`;

const LOG_INSERT = `
INSERT INTO openmdr_log (tenant, stream, sequence, at, data)
SELECT $1, $2, $3::bigint + t.ordinality - 1, $4::bigint, t.value
FROM jsonb_array_elements($5::text::jsonb) WITH ORDINALITY AS t(value, ordinality)`;

/** Locks the stream's head row (creating it at 0) until the transaction ends; returns its sequence. */
const LOG_LOCK_HEAD = `
INSERT INTO openmdr_log_heads AS h (tenant, stream, last_sequence) VALUES ($1, $2, 0)
ON CONFLICT (tenant, stream) DO UPDATE SET last_sequence = h.last_sequence
RETURNING last_sequence`;

/**
 * Records the keys not yet recorded for the stream, numbered after the head in the order given
 * ($4: a JSON array of distinct keys), and returns those it recorded. Under the head lock no other
 * transaction records keys of the stream, so the NOT EXISTS filter is exact; the primary key with
 * ON CONFLICT DO NOTHING is what guarantees a key is recorded once whatever happens.
 */
const LOG_KEYS_INSERT = `
INSERT INTO openmdr_log_keys (tenant, stream, key, sequence)
SELECT $1, $2, f.key, $3::bigint + row_number() OVER (ORDER BY f.ordinality)
FROM (
  SELECT t.key, t.ordinality
  FROM jsonb_array_elements_text($4::text::jsonb) WITH ORDINALITY AS t(key, ordinality)
  WHERE NOT EXISTS (
    SELECT 1 FROM openmdr_log_keys k WHERE k.tenant = $1 AND k.stream = $2 AND k.key = t.key
  )
) AS f
ON CONFLICT (tenant, stream, key) DO NOTHING
RETURNING key, sequence`;

const LOG_SET_HEAD =
  'UPDATE openmdr_log_heads SET last_sequence = $3::bigint WHERE tenant = $1 AND stream = $2';

/**
 * Builds the tenant-scoped store over a SQL client whose schema is migrated. Every statement
 * names the tenant, so one tenant's view never reads or writes another's rows.
 */
export function createSqlStore(
  kind: 'pglite' | 'postgres',
  client: SqlClient,
  clock: Clock,
): SqlStore {
  let closed = false;

  const run = async <Row extends Record<string, unknown>>(
    operation: string,
    body: (db: SqlClient) => Promise<Row[]>,
  ): Promise<Row[]> => {
    if (closed) throw closedError(kind);
    try {
      return await body(client);
    } catch (error) {
      // Project errors (a conflict, a bad argument) pass through as they are.
      if (OpenMdrError.isInstance(error)) throw error;
      throw new StorageError(`${kind} ${operation} failed: ${(error as Error).message}`, {
        cause: error,
        isRetryable: isConnectionProblem(error),
        details: { operation },
      });
    }
  };

  const forTenant = (tenantValue: string): TenantStore => {
    const tenant = tenantId(tenantValue);

    const state: StateStore = {
      async get<T extends JsonValue>(key: string) {
        checkName('key', key);
        const rows = await run<{ value: string; version: unknown; expires_at: unknown }>(
          'state get',
          (db) =>
            db.query(
              'SELECT value::text AS value, version, expires_at FROM openmdr_state WHERE tenant = $1 AND key = $2 AND (expires_at IS NULL OR expires_at > $3::bigint)',
              [tenant, key, clock.now()],
            ),
        );
        const row = rows[0];
        if (!row) return undefined;
        return {
          value: JSON.parse(row.value) as T,
          version: Number(row.version),
          expiresAt: row.expires_at === null ? undefined : Number(row.expires_at),
        };
      },
      async set(key, value, options) {
        checkName('key', key);
        const json = encodeJson(value, `state key ${key}`);
        const now = clock.now();
        const rows = await run<{ version: unknown }>('state set', (db) =>
          db.query(STATE_UPSERT, [tenant, key, json, expiryOf(options, now), now]),
        );
        return Number(rows[0]!.version);
      },
      async compareAndSet(key, expectedVersion, value, options) {
        checkName('key', key);
        checkVersion(expectedVersion);
        const json = encodeJson(value, `state key ${key}`);
        const now = clock.now();
        const expiresAt = expiryOf(options, now);
        const rows = await run<{ version: unknown }>('state compare-and-set', (db) =>
          expectedVersion === null
            ? db.query(STATE_INSERT_IF_ABSENT, [tenant, key, json, expiresAt, now])
            : db.query(STATE_UPDATE_IF_VERSION, [
                tenant,
                key,
                json,
                expiresAt,
                now,
                expectedVersion,
              ]),
        );
        const row = rows[0];
        if (!row) throw new CompareAndSetConflict(key, expectedVersion);
        return Number(row.version);
      },
      async delete(key, expectedVersion) {
        checkName('key', key);
        if (expectedVersion !== undefined) checkVersion(expectedVersion);
        const now = clock.now();
        const rows = await run<{ live: boolean }>('state delete', (db) =>
          expectedVersion === undefined
            ? db.query(
                'DELETE FROM openmdr_state WHERE tenant = $1 AND key = $2 RETURNING (expires_at IS NULL OR expires_at > $3::bigint) AS live',
                [tenant, key, now],
              )
            : db.query(
                'DELETE FROM openmdr_state WHERE tenant = $1 AND key = $2 AND version = $4::bigint AND (expires_at IS NULL OR expires_at > $3::bigint) RETURNING true AS live',
                [tenant, key, now, expectedVersion],
              ),
        );
        if (expectedVersion !== undefined && rows.length === 0) {
          throw new CompareAndSetConflict(key, expectedVersion);
        }
        return rows[0]?.live === true;
      },
    };

    const checkpoints: CheckpointStore = {
      async get<P extends JsonValue>(source: string) {
        checkName('source', source);
        const rows = await run<{ position: string; committed_at: unknown }>(
          'checkpoint get',
          (db) =>
            db.query(
              'SELECT position::text AS position, committed_at FROM openmdr_checkpoints WHERE tenant = $1 AND source = $2',
              [tenant, source],
            ),
        );
        const row = rows[0];
        if (!row) return undefined;
        return { position: JSON.parse(row.position) as P, committedAt: Number(row.committed_at) };
      },
      async commit(source, position) {
        checkName('source', source);
        const json = encodeJson(position, `checkpoint of ${source}`);
        await run('checkpoint commit', (db) =>
          db.query(
            'INSERT INTO openmdr_checkpoints (tenant, source, position, committed_at) VALUES ($1, $2, $3::text::jsonb, $4::bigint) ON CONFLICT (tenant, source) DO UPDATE SET position = EXCLUDED.position, committed_at = EXCLUDED.committed_at',
            [tenant, source, json, clock.now()],
          ),
        );
      },
    };

    const log: AppendLog = {
      async append<T extends JsonValue>(stream: string, entries: readonly T[]) {
        checkName('stream', stream);
        if (entries.length === 0) return [];
        const texts = entries.map((entry, index) =>
          encodeJson(entry, `entry ${index} of stream ${stream}`),
        );
        const at = clock.now();
        const rows = await run<{ last_sequence: unknown }>('log append', (db) =>
          db.transaction(async (tx) => {
            const reserved = await tx.query<{ last_sequence: unknown }>(LOG_RESERVE, [
              tenant,
              stream,
              texts.length,
            ]);
            const last = Number(reserved[0]!.last_sequence);
            await tx.query(LOG_INSERT, [
              tenant,
              stream,
              last - texts.length + 1,
              at,
              `[${texts.join(',')}]`,
            ]);
            return reserved;
          }),
        );
        const first = Number(rows[0]!.last_sequence) - texts.length + 1;
        return texts.map(
          (text, index): LogEntry<T> => ({
            sequence: first + index,
            at,
            data: JSON.parse(text) as T,
          }),
        );
      },
      async appendOnce<T extends JsonValue>(stream: string, entries: readonly KeyedLogEntry<T>[]) {
        checkName('stream', stream);
        // Within one call the first entry of a key wins; later ones are never candidates.
        const candidates = new Map<string, string>();
        entries.forEach((entry, index) => {
          checkName('key', entry.key);
          const text = encodeJson(entry.data, `entry ${index} of stream ${stream}`);
          if (!candidates.has(entry.key)) candidates.set(entry.key, text);
        });
        if (candidates.size === 0) return [];
        const at = clock.now();
        const recorded = await run<{ key: string; sequence: unknown }>('log append once', (db) =>
          db.transaction(async (tx) => {
            const head = await tx.query<{ last_sequence: unknown }>(LOG_LOCK_HEAD, [
              tenant,
              stream,
            ]);
            const last = Number(head[0]!.last_sequence);
            const rows = await tx.query<{ key: string; sequence: unknown }>(LOG_KEYS_INSERT, [
              tenant,
              stream,
              last,
              JSON.stringify([...candidates.keys()]),
            ]);
            if (rows.length === 0) return rows;
            rows.sort((a, b) => Number(a.sequence) - Number(b.sequence));
            if (Number(rows[rows.length - 1]!.sequence) !== last + rows.length) {
              // Only possible if a writer recorded keys without the head lock: never commit a gap.
              throw new StorageError('log append once found keys recorded concurrently', {
                isRetryable: true,
                details: { operation: 'log append once', stream },
              });
            }
            await tx.query(LOG_SET_HEAD, [tenant, stream, last + rows.length]);
            await tx.query(LOG_INSERT, [
              tenant,
              stream,
              last + 1,
              at,
              `[${rows.map((row) => candidates.get(row.key)!).join(',')}]`,
            ]);
            return rows;
          }),
        );
        return recorded.map(
          (row): LogEntry<T> => ({
            sequence: Number(row.sequence),
            at,
            data: JSON.parse(candidates.get(row.key)!) as T,
          }),
        );
      },
      async read<T extends JsonValue>(stream: string, options?: Parameters<AppendLog['read']>[1]) {
        checkName('stream', stream);
        const range = readRange(options);
        if (range.limit === 0) return [];
        const rows = await run<{ sequence: unknown; at: unknown; data: string }>('log read', (db) =>
          db.query(
            'SELECT sequence, at, data::text AS data FROM openmdr_log WHERE tenant = $1 AND stream = $2 AND sequence >= $3::bigint AND sequence <= $4::bigint ORDER BY sequence LIMIT $5::bigint',
            [tenant, stream, range.from, range.to, range.limit],
          ),
        );
        return rows.map(
          (row): LogEntry<T> => ({
            sequence: Number(row.sequence),
            at: Number(row.at),
            data: JSON.parse(row.data) as T,
          }),
        );
      },
      async lastSequence(stream) {
        checkName('stream', stream);
        const rows = await run<{ last_sequence: unknown }>('log last sequence', (db) =>
          db.query(
            'SELECT last_sequence FROM openmdr_log_heads WHERE tenant = $1 AND stream = $2',
            [tenant, stream],
          ),
        );
        return rows[0] ? Number(rows[0].last_sequence) : 0;
      },
    };

    return { tenant, state, checkpoints, log };
  };

  const store: SqlStore = {
    kind,
    forTenant,
    appliedMigrations: async () => {
      if (closed) throw closedError(kind);
      return appliedMigrations(client);
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
  clients.set(store, client);
  return store;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '40001',
  '40P01',
]);

function isConnectionProblem(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}
