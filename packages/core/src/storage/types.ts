import type { TenantId } from '../runtime/tenant.js';

/** A JSON value: what state, checkpoints and log entries hold. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A value read from {@link StateStore}, with the version that a compare-and-set must name. */
export interface VersionedValue<T extends JsonValue = JsonValue> {
  /** The stored value. */
  value: T;
  /** Starts at 1 and grows by one on every write of the key; a key rewritten after expiry starts again at 1. */
  version: number;
  /** When the value expires (epoch milliseconds), or `undefined` for never. */
  expiresAt: number | undefined;
}

/** Options of a state write. */
export interface StateWriteOptions {
  /** Time to live in milliseconds; without it the value never expires. */
  ttlMs?: number;
}

/**
 * Key–value state of one tenant, with versions for compare-and-set and optional expiry. Keys are
 * free-form strings (up to 1024 characters); they never reach another tenant's state.
 */
export interface StateStore {
  /** The value under `key`, or `undefined` when it is absent or expired. */
  get<T extends JsonValue = JsonValue>(key: string): Promise<VersionedValue<T> | undefined>;
  /** Writes `value` whatever is there, and returns the new version. */
  set(key: string, value: JsonValue, options?: StateWriteOptions): Promise<number>;
  /**
   * Writes `value` only when the stored version is `expectedVersion` (`null`: only when the key
   * is absent or expired), atomically, across processes for the shared adapters.
   * @returns the new version.
   * @throws CompareAndSetConflict when another write came first.
   */
  compareAndSet(
    key: string,
    expectedVersion: number | null,
    value: JsonValue,
    options?: StateWriteOptions,
  ): Promise<number>;
  /**
   * Removes `key`. With `expectedVersion`, only when the stored version is that one.
   * @returns whether a live value was removed.
   * @throws CompareAndSetConflict when `expectedVersion` is given and does not match.
   */
  delete(key: string, expectedVersion?: number): Promise<boolean>;
}

/** A committed source position. */
export interface Checkpoint<P extends JsonValue = JsonValue> {
  /** The position, as the source defined it (a cursor, an offset, a timestamp…). */
  position: P;
  /** When it was committed (epoch milliseconds, from the store's clock). */
  committedAt: number;
}

/** The read positions of one tenant's sources, by source name. */
export interface CheckpointStore {
  /** The last committed position of `source`, or `undefined` before the first commit. */
  get<P extends JsonValue = JsonValue>(source: string): Promise<Checkpoint<P> | undefined>;
  /** Commits `position` for `source`, replacing the previous one. */
  commit(source: string, position: JsonValue): Promise<void>;
}

/** One entry of an {@link AppendLog} stream. */
export interface LogEntry<T extends JsonValue = JsonValue> {
  /** Position in the stream: 1, 2, 3, … without gaps, in the order of appends. */
  sequence: number;
  /** When it was appended (epoch milliseconds, from the store's clock). */
  at: number;
  /** The entry. */
  data: T;
}

/** An entry to append with the key that makes the append idempotent (a finding's uid, say). */
export interface KeyedLogEntry<T extends JsonValue = JsonValue> {
  /** The idempotency key: an entry with a key already appended to the stream is skipped. */
  key: string;
  /** The entry. */
  data: T;
}

/** Which entries {@link AppendLog.read} returns. */
export interface LogReadOptions {
  /** First sequence to return (inclusive). Defaults to 1. */
  from?: number;
  /** Last sequence to return (inclusive). Defaults to the end. */
  to?: number;
  /** At most this many entries. */
  limit?: number;
}

/**
 * Append-only streams of one tenant (audit trails, case timelines, pipeline sinks). Entries are
 * never changed or removed; each stream numbers its entries 1, 2, 3, … in append order.
 */
export interface AppendLog {
  /** Appends `entries` in order, atomically, and returns them with their sequences. */
  append<T extends JsonValue>(stream: string, entries: readonly T[]): Promise<LogEntry<T>[]>;
  /**
   * Appends, in order, the entries whose key was never appended to `stream` before (nor earlier
   * in the same call), atomically with recording their keys, and returns only those. The way to
   * write effects exactly once when their cause may be delivered twice: findings keyed by their
   * deterministic uid, case entries by their cause. Keys are 1–1024 characters, kept for the
   * life of the stream.
   */
  appendOnce<T extends JsonValue>(
    stream: string,
    entries: readonly KeyedLogEntry<T>[],
  ): Promise<LogEntry<T>[]>;
  /** Entries of `stream` in sequence order. */
  read<T extends JsonValue = JsonValue>(
    stream: string,
    options?: LogReadOptions,
  ): Promise<LogEntry<T>[]>;
  /** The sequence of the last entry of `stream` (0 when it is empty). */
  lastSequence(stream: string): Promise<number>;
}

/** Everything a store holds for one tenant. Obtained from {@link Store.forTenant}. */
export interface TenantStore {
  /** The tenant every read and write of this object is confined to. */
  readonly tenant: TenantId;
  /** Key–value state with compare-and-set and TTL. */
  readonly state: StateStore;
  /** Source checkpoints. */
  readonly checkpoints: CheckpointStore;
  /** Append-only streams. */
  readonly log: AppendLog;
}

/** The kinds of store {@link openStore} can open. */
export type StoreKind = 'memory' | 'pglite' | 'postgres' | 'redis';

/**
 * A storage backend. Data is only reachable through {@link Store.forTenant}, so code handed a
 * tenant's view cannot touch another tenant's data.
 */
export interface Store {
  /** Which adapter this is. */
  readonly kind: StoreKind;
  /** The view of one tenant's data. */
  forTenant(tenant: string): TenantStore;
  /** Releases connections and files. Further calls fail with `STORAGE_CLOSED`. */
  close(): Promise<void>;
}
