import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  assertSource,
  eventDayOf,
  parsePartitionKey,
  SECURITY_LAKE_CUSTOM_PREFIX,
  SECURITY_LAKE_NATIVE_PREFIX,
  type SecurityLakeSourceKind,
} from './layout.js';
import { objectProjection } from './projection.js';
import { quoteLiteral } from './schema.js';

/** A point in event time: epoch milliseconds, an ISO 8601 string or a Date. */
export type SecurityLakeTime = number | string | Date;

/** Options of {@link readSecurityLake}. */
export interface ReadSecurityLakeOptions {
  /** The lake's root directory (what a bucket is on S3); objects are under `<root>/ext/` and `<root>/aws/`. */
  readonly root: string;
  /**
   * Which sources: `ext` (custom sources, the default) or `aws` (AWS native sources such as
   * `CLOUD_TRAIL_MGMT`, whose objects AWS writes with their own column types).
   */
  readonly sourceKind?: SecurityLakeSourceKind;
  /** Only this source. Default: every source under `ext/` (or `aws/`). */
  readonly sourceName?: string;
  /**
   * Only this version folder (a custom source's `sourceVersion`, a native source's `2.0`).
   * Default: every version, and a custom source's objects without one.
   */
  readonly sourceVersion?: string | undefined;
  /** Only this Region's partitions. */
  readonly region?: string;
  /** Only this account's partitions. */
  readonly accountId?: string;
  /** Events at or after this time (`time >= since`). */
  readonly since?: SecurityLakeTime;
  /** Events before this time (`time < until`). */
  readonly until?: SecurityLakeTime;
  /** Only these OCSF classes. */
  readonly classUids?: readonly number[];
  /**
   * A DuckDB SQL condition on an object's columns, added to the query as `AND (<where>)`, e.g.
   * `severity_id >= 4` or `actor.user.name = 'alice'`. Trusted input: it is not escaped. It
   * must hold for every object read (a column an object lacks is an error).
   */
  readonly where?: string;
}

/** The lake objects a read would open: path and partition, after partition pruning. */
export interface SecurityLakeFile {
  /** Absolute path. */
  readonly path: string;
  /** `ext` (a custom source) or `aws` (a native source). Default `ext`. */
  readonly sourceKind?: SecurityLakeSourceKind | undefined;
  /** The source. */
  readonly sourceName: string;
  /** The version folder, when the key has one. */
  readonly sourceVersion?: string | undefined;
  /** The Region partition. */
  readonly region: string;
  /** The account partition. */
  readonly accountId: string;
  /** The day partition, `YYYYMMDD`. */
  readonly eventDay: string;
}

const toMs = (time: SecurityLakeTime): number => {
  const ms =
    time instanceof Date ? time.getTime() : typeof time === 'string' ? Date.parse(time) : time;
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(time)}`);
  return ms;
};

/** Removes the `null`s Parquet gives for attributes an event did not have (arrays kept as they are). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const output: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) output[key] = withoutNulls(item);
  }
  return output;
}

/** The glob patterns of a read: the objects with and, unless a version is asked for, without a version folder. */
const globPatterns = (options: ReadSecurityLakeOptions): string[] => {
  const source = join(
    options.root,
    options.sourceKind ?? SECURITY_LAKE_CUSTOM_PREFIX,
    options.sourceName ?? '*',
  );
  const partitions = join('region=*', 'accountId=*', 'eventDay=*', '*.parquet');
  const versioned = join(source, options.sourceVersion ?? '*', partitions);
  return options.sourceVersion === undefined ? [join(source, partitions), versioned] : [versioned];
};

type Queryable = Pick<DuckDBConnection, 'runAndReadAll'>;

async function listFiles(
  connection: Queryable,
  options: ReadSecurityLakeOptions,
): Promise<SecurityLakeFile[]> {
  const kind = options.sourceKind ?? SECURITY_LAKE_CUSTOM_PREFIX;
  // the options become glob patterns: check the kind, and the name and version when given
  // (a placeholder stands in for what is not, as `*` matches any acceptable value)
  assertSource({
    sourceKind: kind,
    sourceName: options.sourceName ?? (kind === SECURITY_LAKE_NATIVE_PREFIX ? 'ANY' : 'any'),
    sourceVersion:
      options.sourceVersion ?? (kind === SECURITY_LAKE_NATIVE_PREFIX ? 'any' : undefined),
  });
  const sinceDay = options.since === undefined ? undefined : eventDayOf(toMs(options.since));
  const untilDay = options.until === undefined ? undefined : eventDayOf(toMs(options.until) - 1);
  const reader = await connection.runAndReadAll(
    globPatterns(options)
      .map((pattern) => `SELECT file FROM glob(${quoteLiteral(pattern)})`)
      .join(' UNION '),
  );
  const files: SecurityLakeFile[] = [];
  for (const [path] of reader.getRows()) {
    const partition = parsePartitionKey(String(path));
    if (partition === undefined || partition.sourceKind !== kind) continue;
    if (options.sourceName !== undefined && partition.sourceName !== options.sourceName) continue;
    if (options.sourceVersion !== undefined && partition.sourceVersion !== options.sourceVersion) {
      continue;
    }
    if (options.region !== undefined && partition.region !== options.region) continue;
    if (options.accountId !== undefined && partition.accountId !== options.accountId) continue;
    if (sinceDay !== undefined && partition.eventDay < sinceDay) continue;
    if (untilDay !== undefined && partition.eventDay > untilDay) continue;
    files.push({ path: String(path), ...partition });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return options.classUids === undefined
    ? files
    : pruneByClass(connection, files, options.classUids);
}

/**
 * Keeps the objects whose `class_uid` statistics (Parquet footer min and max; one value in
 * objects of one class) can hold one of the classes asked for, without reading their rows.
 */
async function pruneByClass(
  connection: Queryable,
  files: SecurityLakeFile[],
  classUids: readonly number[],
): Promise<SecurityLakeFile[]> {
  if (files.length === 0) return files;
  const reader = await connection.runAndReadAll(
    `SELECT file_name, min(stats_min_value::BIGINT), max(stats_max_value::BIGINT) FROM parquet_metadata([${files
      .map((file) => quoteLiteral(file.path))
      .join(', ')}]) WHERE path_in_schema = 'class_uid' GROUP BY file_name`,
  );
  const ranges = new Map<string, [number, number]>();
  for (const [name, min, max] of reader.getRows()) {
    if (min !== null && max !== null) ranges.set(String(name), [Number(min), Number(max)]);
  }
  return files.filter((file) => {
    const range = ranges.get(file.path);
    return range === undefined || classUids.some((uid) => uid >= range[0] && uid <= range[1]);
  });
}

/**
 * The objects under a lake root that {@link readSecurityLake} opens with these options: the
 * layout's source (kind, name, version folder), `region`, `accountId` and `eventDay` partitions
 * are matched against the options on the path (days outside `since`…`until` are skipped
 * without being opened).
 *
 * @throws RangeError when `sourceName` or `sourceVersion` is not a valid name for the kind.
 */
export async function listSecurityLakeFiles(
  options: ReadSecurityLakeOptions,
): Promise<SecurityLakeFile[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await listFiles(connection, options);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The conditions of a read, on an object's converted columns. */
function conditionsOf(options: Omit<ReadSecurityLakeOptions, 'root'>): string {
  const conditions: string[] = [];
  if (options.since !== undefined) conditions.push(`"time" >= ${toMs(options.since)}`);
  if (options.until !== undefined) conditions.push(`"time" < ${toMs(options.until)}`);
  if (options.classUids !== undefined) {
    const uids = options.classUids.map((uid) => {
      if (!Number.isSafeInteger(uid)) throw new RangeError(`not a class_uid: ${uid}`);
      return String(uid);
    });
    conditions.push(uids.length === 0 ? 'false' : `class_uid IN (${uids.join(', ')})`);
  }
  if (options.where !== undefined) conditions.push(`(${options.where})`);
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

/**
 * The SQL of one object's part of a read: its events as JSON text with their time, its
 * columns converted to what OCSF JSON carries (`projection.ts`: timestamps to epoch ms, …),
 * the partitions of its path not added as columns.
 */
async function objectQuery(
  connection: Queryable,
  file: SecurityLakeFile,
  where: string,
): Promise<string> {
  const columns = await objectProjection(connection, file.path);
  return (
    `SELECT e."time" AS t, to_json(e)::VARCHAR AS j FROM ` +
    `(SELECT ${columns} FROM read_parquet(${quoteLiteral(file.path)}, hive_partitioning = false)) e${where}`
  );
}

/**
 * Reads OCSF events from a Security Lake directory tree (custom sources under `ext/`, or AWS
 * native sources under `aws/` with `sourceKind: 'aws'`), oldest first by `time`. Partitions
 * are pruned on the path (source, version, Region, account, `eventDay`), and the remaining
 * conditions (`time`, `class_uid`, `where`) are applied by DuckDB to each object's rows. Each
 * object is read with its own schema, so objects need not agree on columns, and whatever wrote
 * them: `TIMESTAMP` columns (AWS writes `time` as one) become epoch milliseconds at any depth,
 * `MAP`s JSON objects, `BLOB`s base64 and `DECIMAL`/`HUGEINT` numbers. Attributes an event
 * lacked (Parquet NULLs) are left out of it; columns that are not OCSF attributes (a native
 * object's `accountid`, …) are kept for the normalizer to move to `unmapped`.
 *
 * @example
 * ```ts
 * for await (const event of readSecurityLake({ root: '/data/lake', sourceName: 'openmdr',
 *   since: '2026-03-01T00:00:00Z', classUids: [2004], where: 'severity_id >= 4' })) {
 *   console.log(event.class_uid, event.time);
 * }
 * ```
 */
export async function* readSecurityLake(
  options: ReadSecurityLakeOptions,
): AsyncGenerator<Record<string, unknown>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    yield* queryFiles(connection, await listFiles(connection, options), options);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function* queryFiles(
  connection: DuckDBConnection,
  files: readonly SecurityLakeFile[],
  options: Omit<ReadSecurityLakeOptions, 'root'>,
): AsyncGenerator<Record<string, unknown>> {
  if (files.length === 0) return;
  const where = conditionsOf(options);
  const parts: string[] = [];
  for (const file of files) parts.push(await objectQuery(connection, file, where));
  const sql = `SELECT j FROM (${parts.join(' UNION ALL ')}) ORDER BY t`;
  const result = await connection.stream(sql);
  for await (const rows of result.yieldRows()) {
    for (const [json] of rows) {
      yield withoutNulls(JSON.parse(String(json))) as Record<string, unknown>;
    }
  }
}

/**
 * Reads OCSF events from given lake objects (local Parquet files whose paths are in the
 * layout, e.g. downloaded from S3), oldest first by `time`, with the conditions of
 * {@link readSecurityLake} except the path pruning (the caller chose the files).
 *
 * @example
 * ```ts
 * const files = await listSecurityLakeFiles({ root: '/data/lake', sourceName: 'openmdr' });
 * for await (const event of readSecurityLakeFiles(files.slice(-10), { classUids: [2004] })) { … }
 * ```
 */
export async function* readSecurityLakeFiles(
  files: readonly SecurityLakeFile[],
  options: Omit<ReadSecurityLakeOptions, 'root'> = {},
): AsyncGenerator<Record<string, unknown>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    yield* queryFiles(connection, files, options);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Options of {@link readSecurityLakeObject}. */
export interface ReadSecurityLakeObjectOptions {
  /** Events to skip first (those a previous, interrupted read delivered). Default 0. */
  readonly offset?: number;
}

/**
 * Reads the events of one Security Lake Parquet object (a local file), in a stable order: by
 * `time`, then by position in the file — so that `offset` resumes an interrupted read exactly.
 * Columns are converted and Parquet NULLs left out as in {@link readSecurityLake}; the partition
 * columns of the path are not added.
 *
 * @example
 * ```ts
 * for await (const event of readSecurityLakeObject('/tmp/2004-20260302T071500Z-9f1c2a7b3d4e.parquet')) { … }
 * ```
 */
export async function* readSecurityLakeObject(
  path: string,
  options: ReadSecurityLakeObjectOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`not an offset: ${offset}`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const columns = await objectProjection(connection, path);
    const result = await connection.stream(
      `SELECT to_json(e)::VARCHAR AS j FROM (SELECT ${columns}, file_row_number FROM ` +
        `read_parquet(${quoteLiteral(path)}, hive_partitioning = false, file_row_number = true)) e ` +
        `ORDER BY e."time", e.file_row_number OFFSET ${offset}`,
    );
    for await (const rows of result.yieldRows()) {
      for (const [json] of rows) {
        const event = withoutNulls(JSON.parse(String(json))) as Record<string, unknown>;
        delete event['file_row_number'];
        yield event;
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
