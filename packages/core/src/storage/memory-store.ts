import { CompareAndSetConflict } from '../errors/runtime-errors.js';
import { type Clock, systemClock } from '../runtime/clock.js';
import { type TenantId, tenantId } from '../runtime/tenant.js';
import type {
  AppendLog,
  Checkpoint,
  CheckpointStore,
  JsonValue,
  KeyedLogEntry,
  LogEntry,
  StateStore,
  Store,
  TenantStore,
} from './types.js';
import {
  checkName,
  checkVersion,
  closedError,
  encodeJson,
  expiryOf,
  readRange,
} from './validate.js';

/** Options of {@link openMemoryStore}. */
export interface MemoryStoreOptions {
  /** The clock that decides expiry and stamps entries. Defaults to the system clock. */
  clock?: Clock;
}

interface StateRecord {
  json: string;
  version: number;
  expiresAt: number | null;
}

interface TenantData {
  state: Map<string, StateRecord>;
  checkpoints: Map<string, { json: string; committedAt: number }>;
  logs: Map<string, { json: string; at: number }[]>;
  /** Stream → the keys {@link AppendLog.appendOnce} recorded. */
  logKeys: Map<string, Set<string>>;
}

/**
 * A store that keeps everything in this process's memory: for tests, short-lived jobs and
 * single-process embedders that need no durability. Values are copied in and out (as JSON), so
 * callers never share objects with the store.
 */
export function openMemoryStore(options: MemoryStoreOptions = {}): Store {
  const clock = options.clock ?? systemClock;
  const tenants = new Map<TenantId, TenantData>();
  let closed = false;

  const dataOf = (tenant: TenantId): TenantData => {
    if (closed) throw closedError('memory');
    let data = tenants.get(tenant);
    if (!data) {
      data = { state: new Map(), checkpoints: new Map(), logs: new Map(), logKeys: new Map() };
      tenants.set(tenant, data);
    }
    return data;
  };

  const live = (record: StateRecord | undefined): StateRecord | undefined =>
    record && (record.expiresAt === null || record.expiresAt > clock.now()) ? record : undefined;

  const forTenant = (tenantValue: string): TenantStore => {
    const tenant = tenantId(tenantValue);

    const state: StateStore = {
      async get<T extends JsonValue>(key: string) {
        const record = live(dataOf(tenant).state.get(checkName('key', key)));
        if (!record) return undefined;
        return {
          value: JSON.parse(record.json) as T,
          version: record.version,
          expiresAt: record.expiresAt ?? undefined,
        };
      },
      async set(key, value, writeOptions) {
        const map = dataOf(tenant).state;
        checkName('key', key);
        const json = encodeJson(value, `state key ${key}`);
        const expiresAt = expiryOf(writeOptions, clock.now());
        const version = (live(map.get(key))?.version ?? 0) + 1;
        map.set(key, { json, version, expiresAt });
        return version;
      },
      async compareAndSet(key, expectedVersion, value, writeOptions) {
        const map = dataOf(tenant).state;
        checkName('key', key);
        checkVersion(expectedVersion);
        const json = encodeJson(value, `state key ${key}`);
        const expiresAt = expiryOf(writeOptions, clock.now());
        const current = live(map.get(key));
        if ((current?.version ?? null) !== expectedVersion) {
          throw new CompareAndSetConflict(key, expectedVersion);
        }
        const version = (current?.version ?? 0) + 1;
        map.set(key, { json, version, expiresAt });
        return version;
      },
      async delete(key, expectedVersion) {
        const map = dataOf(tenant).state;
        checkName('key', key);
        const current = live(map.get(key));
        if (expectedVersion !== undefined && current?.version !== expectedVersion) {
          throw new CompareAndSetConflict(key, expectedVersion);
        }
        map.delete(key);
        return current !== undefined;
      },
    };

    const checkpoints: CheckpointStore = {
      async get<P extends JsonValue>(source: string) {
        const record = dataOf(tenant).checkpoints.get(checkName('source', source));
        if (!record) return undefined;
        const checkpoint: Checkpoint<P> = {
          position: JSON.parse(record.json) as P,
          committedAt: record.committedAt,
        };
        return checkpoint;
      },
      async commit(source, position) {
        const map = dataOf(tenant).checkpoints;
        checkName('source', source);
        map.set(source, {
          json: encodeJson(position, `checkpoint of ${source}`),
          committedAt: clock.now(),
        });
      },
    };

    const appendEncoded = <T extends JsonValue>(stream: string, encoded: readonly string[]) => {
      const logs = dataOf(tenant).logs;
      let list = logs.get(stream);
      if (!list) {
        list = [];
        logs.set(stream, list);
      }
      const at = clock.now();
      const out: LogEntry<T>[] = [];
      for (const json of encoded) {
        list.push({ json, at });
        out.push({ sequence: list.length, at, data: JSON.parse(json) as T });
      }
      return out;
    };

    const log: AppendLog = {
      async append<T extends JsonValue>(stream: string, entries: readonly T[]) {
        checkName('stream', stream);
        const encoded = entries.map((entry, index) =>
          encodeJson(entry, `entry ${index} of stream ${stream}`),
        );
        return appendEncoded<T>(stream, encoded);
      },
      async appendOnce<T extends JsonValue>(stream: string, entries: readonly KeyedLogEntry<T>[]) {
        checkName('stream', stream);
        const data = dataOf(tenant);
        const seen = data.logKeys.get(stream) ?? new Set<string>();
        const fresh = new Set<string>();
        const encoded: string[] = [];
        entries.forEach((entry, index) => {
          checkName('key', entry.key);
          const json = encodeJson(entry.data, `entry ${index} of stream ${stream}`);
          if (seen.has(entry.key) || fresh.has(entry.key)) return;
          fresh.add(entry.key);
          encoded.push(json);
        });
        for (const key of fresh) seen.add(key);
        data.logKeys.set(stream, seen);
        return appendEncoded<T>(stream, encoded);
      },
      async read<T extends JsonValue>(
        stream: string,
        readOptions?: Parameters<AppendLog['read']>[1],
      ) {
        const list = dataOf(tenant).logs.get(checkName('stream', stream)) ?? [];
        const range = readRange(readOptions);
        const out: LogEntry<T>[] = [];
        const last = Math.min(list.length, range.to);
        for (let sequence = range.from; sequence <= last && out.length < range.limit; sequence++) {
          const entry = list[sequence - 1]!;
          out.push({ sequence, at: entry.at, data: JSON.parse(entry.json) as T });
        }
        return out;
      },
      async lastSequence(stream) {
        return dataOf(tenant).logs.get(checkName('stream', stream))?.length ?? 0;
      },
    };

    return { tenant, state, checkpoints, log };
  };

  return {
    kind: 'memory',
    forTenant,
    async close() {
      closed = true;
      tenants.clear();
    },
  };
}
