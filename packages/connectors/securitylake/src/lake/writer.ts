import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { downConvertOcsf, type OcsfDropReason } from '@openmdr/core';
import { eventDayOf, partitionPrefix } from './layout.js';
import { absorbValue, columnsOf, quoteLiteral, type ValueShape } from './schema.js';
import type { ObjectSink } from './sink.js';

/** Parquet compression codecs the writer offers (Security Lake prefers zstd). */
export type SecurityLakeCompression = 'zstd' | 'snappy' | 'gzip' | 'uncompressed';

/** Options of {@link SecurityLakeWriter}. */
export interface SecurityLakeWriterOptions {
  /** Where finished objects go (a local directory: {@link localDirectorySink}). */
  readonly sink: ObjectSink;
  /** The custom source's name as registered with Security Lake. */
  readonly sourceName: string;
  /**
   * The custom source's `sourceVersion`, when it was registered with one: objects then go under
   * `ext/<sourceName>/<sourceVersion>/`. Default: none (`ext/<sourceName>/`).
   */
  readonly sourceVersion?: string | undefined;
  /** The AWS Region of the data (`eu-west-1`). */
  readonly region: string;
  /** The 12-digit AWS account id of the data. */
  readonly accountId: string;
  /** Most events in one object. Default 5 000 000. */
  readonly targetFileRows?: number;
  /**
   * Target size of one object, bytes (Security Lake recommends 256 MB). The writer estimates
   * an object's Parquet size from its events' JSON size and the compression ratio of the
   * objects it wrote before (1 until the first). Default 256 MiB.
   */
  readonly targetFileBytes?: number;
  /** Parquet compression. Default `zstd`. */
  readonly compression?: SecurityLakeCompression;
  /** Names an object (no `/`); default `<class_uid>-<first event time, UTC>-<12 hex>.parquet`. */
  readonly fileName?: (file: { classUid: number; eventDay: string; firstTime: number }) => string;
}

/** One object the writer stored. */
export interface SecurityLakeObject {
  /** Its key under the lake's root. */
  readonly key: string;
  /** The OCSF class of all its events. */
  readonly classUid: number;
  /** The UTC day of all its events, `YYYYMMDD`. */
  readonly eventDay: string;
  /** Events in it. */
  readonly rows: number;
  /** Its size, bytes. */
  readonly bytes: number;
}

/** An event the writer could not store, and why. */
export interface SecurityLakeRejection {
  /** The event's position in what was written (0-based, over the writer's life). */
  readonly index: number;
  /** Why: no numeric `time` or `class_uid`, or a class that OCSF 1.1.0 lacks. */
  readonly reason: 'no_time' | 'no_class_uid' | 'class_not_in_ocsf_1_1';
}

/** What the down-conversion to OCSF 1.1.0 removed or changed, by attribute and reason. */
export interface SecurityLakeDownConversion {
  /** Attribute path, array indices removed (`observables.type_id`). */
  readonly path: string;
  /** Why. */
  readonly reason: OcsfDropReason;
  /** In how many events. */
  readonly count: number;
}

/** The outcome of a writer's life: what it stored, what it rejected, what 1.1.0 could not carry. */
export interface SecurityLakeWriteSummary {
  /** The objects stored, in the order written. */
  readonly objects: SecurityLakeObject[];
  /** Events not stored. */
  readonly rejected: SecurityLakeRejection[];
  /** Attributes removed or changed by the down-conversion. */
  readonly downConverted: SecurityLakeDownConversion[];
}

interface Pending {
  readonly classUid: number;
  readonly eventDay: string;
  readonly ndjsonPath: string;
  lines: string[];
  lineBytes: number;
  rows: number;
  jsonBytes: number;
  firstTime: number;
  shape: ValueShape;
}

const DEFAULT_TARGET_ROWS = 5_000_000;
const DEFAULT_TARGET_BYTES = 256 * 1024 * 1024;
/** JSON text kept in memory per open object before it is appended to the object's temp file. */
const SPILL_BYTES = 8 * 1024 * 1024;

/** The custom-source partition of an object (the writer writes `ext/…` only). */
const partitionOf = (options: SecurityLakeWriterOptions, eventDay: string) => {
  const { sourceName, sourceVersion, region, accountId } = options;
  const partition = {
    sourceKind: 'ext' as const,
    sourceName,
    ...(sourceVersion === undefined ? {} : { sourceVersion }),
    region,
    accountId,
    eventDay,
  };
  partitionPrefix(partition);
  return partition;
};

const compactTime = (timeMs: number) =>
  new Date(timeMs)
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

const defaultFileName = ({ classUid, firstTime }: { classUid: number; firstTime: number }) =>
  `${classUid}-${compactTime(firstTime)}-${randomBytes(6).toString('hex')}.parquet`;

/**
 * Writes OCSF events to a Security Lake custom source: each event is down-converted to OCSF
 * 1.1.0 (what Security Lake expects), grouped by class and UTC day (Security Lake wants one
 * class per object), and stored as zstd Parquet, sorted by `time`, under
 * `ext/<sourceName>[/<sourceVersion>]/region=<region>/accountId=<accountId>/eventDay=<YYYYMMDD>/`. Nested OCSF
 * objects become Parquet STRUCTs and arrays LISTs; an attribute whose values disagree in shape
 * within one object is stored as JSON text. An object is closed when it reaches the target
 * rows or (estimated) bytes, and on {@link SecurityLakeWriter.flush} and
 * {@link SecurityLakeWriter.close}. Events are spooled to a temporary directory, not held in
 * memory; DuckDB writes the Parquet.
 *
 * @example
 * ```ts
 * const writer = await SecurityLakeWriter.open({
 *   sink: localDirectorySink('/data/lake'),
 *   sourceName: 'openmdr', region: 'eu-west-1', accountId: '123456789012',
 * });
 * for (const event of events) await writer.write(event);
 * const { objects, rejected } = await writer.close();
 * ```
 */
export class SecurityLakeWriter {
  readonly #options: SecurityLakeWriterOptions;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #tempDir: string;
  readonly #pending = new Map<string, Pending>();
  readonly #objects: SecurityLakeObject[] = [];
  readonly #rejected: SecurityLakeRejection[] = [];
  readonly #downConverted = new Map<string, SecurityLakeDownConversion>();
  #index = 0;
  #files = 0;
  /** Parquet bytes per JSON byte of the objects written so far. */
  #ratio = 1;
  #closed = false;

  private constructor(
    options: SecurityLakeWriterOptions,
    instance: DuckDBInstance,
    connection: DuckDBConnection,
    tempDir: string,
  ) {
    this.#options = options;
    this.#instance = instance;
    this.#connection = connection;
    this.#tempDir = tempDir;
  }

  /**
   * Opens a writer (an in-memory DuckDB and a temporary directory).
   *
   * @throws RangeError when the source name, version, Region or account id is not acceptable.
   */
  static async open(options: SecurityLakeWriterOptions): Promise<SecurityLakeWriter> {
    partitionOf(options, '19700101');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const tempDir = await mkdtemp(join(tmpdir(), 'openmdr-securitylake-'));
    return new SecurityLakeWriter(options, instance, connection, tempDir);
  }

  /** Adds one OCSF (1.8.0) event; may store an object when one reaches its target size. */
  async write(event: object): Promise<void> {
    if (this.#closed) throw new Error('SecurityLakeWriter is closed');
    const index = this.#index++;
    const record = event as Record<string, unknown>;
    const time = record['time'];
    if (typeof time !== 'number' || !Number.isFinite(time)) {
      this.#rejected.push({ index, reason: 'no_time' });
      return;
    }
    if (typeof record['class_uid'] !== 'number') {
      this.#rejected.push({ index, reason: 'no_class_uid' });
      return;
    }
    const { event: converted, dropped } = downConvertOcsf(record, '1.1.0');
    if (converted === undefined) {
      this.#rejected.push({ index, reason: 'class_not_in_ocsf_1_1' });
      return;
    }
    this.#countDropped(dropped);
    const classUid = converted['class_uid'] as number;
    const eventDay = eventDayOf(time);
    const id = `${classUid}/${eventDay}`;
    let pending = this.#pending.get(id);
    if (pending === undefined) {
      pending = {
        classUid,
        eventDay,
        ndjsonPath: join(this.#tempDir, `${this.#files++}.ndjson`),
        lines: [],
        lineBytes: 0,
        rows: 0,
        jsonBytes: 0,
        firstTime: time,
        shape: { kind: 'null' },
      };
      this.#pending.set(id, pending);
    }
    const line = `${JSON.stringify(converted)}\n`;
    const bytes = Buffer.byteLength(line);
    pending.lines.push(line);
    pending.lineBytes += bytes;
    pending.jsonBytes += bytes;
    pending.rows += 1;
    pending.firstTime = Math.min(pending.firstTime, time);
    pending.shape = absorbValue(pending.shape, converted);
    if (pending.lineBytes >= SPILL_BYTES) await this.#spill(pending);
    const targetRows = this.#options.targetFileRows ?? DEFAULT_TARGET_ROWS;
    const targetBytes = this.#options.targetFileBytes ?? DEFAULT_TARGET_BYTES;
    if (pending.rows >= targetRows || pending.jsonBytes * this.#ratio >= targetBytes) {
      this.#pending.delete(id);
      await this.#store(pending);
    }
  }

  /** Adds every event of an iterable (sync or async). */
  async writeAll(events: Iterable<object> | AsyncIterable<object>): Promise<void> {
    for await (const event of events) await this.write(event);
  }

  /** Stores every open object now (each class and day written since the last flush). */
  async flush(): Promise<SecurityLakeObject[]> {
    const stored: SecurityLakeObject[] = [];
    const open = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of open) stored.push(await this.#store(pending));
    return stored;
  }

  /** Flushes, releases DuckDB and the temporary directory, and returns the summary. */
  async close(): Promise<SecurityLakeWriteSummary> {
    if (!this.#closed) {
      try {
        await this.flush();
      } finally {
        this.#closed = true;
        this.#connection.closeSync();
        this.#instance.closeSync();
        await rm(this.#tempDir, { recursive: true, force: true });
      }
    }
    return this.summary();
  }

  /** What has been stored, rejected and down-converted so far. */
  summary(): SecurityLakeWriteSummary {
    return {
      objects: [...this.#objects],
      rejected: [...this.#rejected],
      downConverted: [...this.#downConverted.values()],
    };
  }

  #countDropped(dropped: ReadonlyArray<{ path: string; reason: OcsfDropReason }>): void {
    const seen = new Set<string>();
    for (const { path, reason } of dropped) {
      const general = path.replaceAll(/\[\d+\]/g, '');
      const id = `${reason} ${general}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const known = this.#downConverted.get(id);
      this.#downConverted.set(id, { path: general, reason, count: (known?.count ?? 0) + 1 });
    }
  }

  async #spill(pending: Pending): Promise<void> {
    if (pending.lines.length === 0) return;
    await appendFile(pending.ndjsonPath, pending.lines.join(''));
    pending.lines = [];
    pending.lineBytes = 0;
  }

  async #store(pending: Pending): Promise<SecurityLakeObject> {
    await this.#spill(pending);
    const { classUid, eventDay, firstTime } = pending;
    const name = (this.#options.fileName ?? defaultFileName)({ classUid, eventDay, firstTime });
    if (name.includes('/') || name === '') throw new RangeError(`bad object name '${name}'`);
    const key = `${partitionPrefix(partitionOf(this.#options, eventDay))}/${name}`;
    const parquetPath = `${pending.ndjsonPath}.parquet`;
    const columns = columnsOf(pending.shape)
      .map(([column, type]) => `${quoteLiteral(column)}: ${quoteLiteral(type)}`)
      .join(', ');
    const compression = this.#options.compression ?? 'zstd';
    await this.#connection.run(
      `COPY (SELECT * FROM read_json(${quoteLiteral(pending.ndjsonPath)}, format = 'newline_delimited', ` +
        `columns = {${columns}}, maximum_object_size = 268435456) ORDER BY "time") ` +
        `TO ${quoteLiteral(parquetPath)} (FORMAT parquet, COMPRESSION ${compression})`,
    );
    const bytes = await readFile(parquetPath);
    await this.#options.sink.put(key, bytes);
    await rm(parquetPath, { force: true });
    await rm(pending.ndjsonPath, { force: true });
    if (pending.jsonBytes > 0) this.#ratio = bytes.byteLength / pending.jsonBytes;
    const object: SecurityLakeObject = {
      key,
      classUid,
      eventDay,
      rows: pending.rows,
      bytes: bytes.byteLength,
    };
    this.#objects.push(object);
    return object;
  }
}

/**
 * Writes events to a Security Lake custom source in one call ({@link SecurityLakeWriter}
 * opened, fed and closed).
 *
 * @example
 * ```ts
 * const { objects } = await writeSecurityLake(events, {
 *   sink: localDirectorySink('/data/lake'),
 *   sourceName: 'openmdr', region: 'eu-west-1', accountId: '123456789012',
 * });
 * ```
 */
export async function writeSecurityLake(
  events: Iterable<object> | AsyncIterable<object>,
  options: SecurityLakeWriterOptions,
): Promise<SecurityLakeWriteSummary> {
  const writer = await SecurityLakeWriter.open(options);
  try {
    await writer.writeAll(events);
  } finally {
    await writer.close();
  }
  return writer.summary();
}
