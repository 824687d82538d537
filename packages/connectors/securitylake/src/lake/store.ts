import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertSource,
  parsePartitionKey,
  type SecurityLakePartition,
  type SecurityLakeSource,
  sourcePrefix,
} from './layout.js';
import { localDirectorySink, type ObjectSink } from './sink.js';

/** One Parquet object of a lake, as listed. */
export interface SecurityLakeObjectInfo extends SecurityLakePartition {
  /** Its key relative to the lake root (`ext/<source>[/<version>]/region=…/…/<file>.parquet`). */
  readonly key: string;
  /** When it was stored, epoch ms (S3 `LastModified`; a file's modification time). */
  readonly lastModified: number;
  /** Its size, bytes. */
  readonly size: number;
}

/**
 * Which objects a listing returns: one source — a custom source (`ext/<name>/`, or
 * `ext/<name>/<version>/` with `sourceVersion`) or a native one (`sourceKind: 'aws'`, with its
 * version) — pruned by partition.
 */
export interface SecurityLakeListFilter extends SecurityLakeSource {
  /** Only these Regions. */
  readonly regions?: readonly string[] | undefined;
  /** Only these accounts. */
  readonly accountIds?: readonly string[] | undefined;
  /** Only `eventDay` partitions at or after this day (`YYYYMMDD`). */
  readonly fromDay?: string | undefined;
  /** Only `eventDay` partitions at or before this day (`YYYYMMDD`). */
  readonly toDay?: string | undefined;
}

/** An object made readable as a local file. */
export interface OpenedSecurityLakeObject {
  /** The local path of the Parquet file. */
  readonly path: string;
  /** Releases it (deletes a downloaded copy). */
  release(): Promise<void>;
}

/**
 * A lake the connector reads and writes: an S3 bucket (`s3LakeStore`) or a local directory
 * ({@link localLakeStore}), both in Security Lake's custom-source layout.
 */
export interface SecurityLakeStore {
  /** Where it is, for messages (`s3://bucket/prefix`, a directory). */
  readonly location: string;
  /** Where the writer puts objects. */
  readonly sink: ObjectSink;
  /** Proves the lake is reachable and readable (one cheap call under the source's prefix). */
  check(source: SecurityLakeSource): Promise<void>;
  /** The `.parquet` objects of one source in the layout, pruned by partition, in key order. */
  list(filter: SecurityLakeListFilter): Promise<SecurityLakeObjectInfo[]>;
  /** Makes one object readable as a local file. */
  open(object: SecurityLakeObjectInfo): Promise<OpenedSecurityLakeObject>;
  /** Releases what the store holds (temporary files, sockets). */
  close(): Promise<void>;
}

/** Whether a listed partition passes a filter (same kind, name and version folder). */
export function partitionMatches(
  partition: SecurityLakePartition,
  filter: SecurityLakeListFilter,
): boolean {
  return (
    (partition.sourceKind ?? 'ext') === (filter.sourceKind ?? 'ext') &&
    partition.sourceName === filter.sourceName &&
    partition.sourceVersion === filter.sourceVersion &&
    (filter.regions === undefined || filter.regions.includes(partition.region)) &&
    (filter.accountIds === undefined || filter.accountIds.includes(partition.accountId)) &&
    (filter.fromDay === undefined || partition.eventDay >= filter.fromDay) &&
    (filter.toDay === undefined || partition.eventDay <= filter.toDay)
  );
}

async function children(directory: string, prefix: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(prefix))
    .map((entry) => entry.name);
}

const byKey = (a: { key: string }, b: { key: string }) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/**
 * A lake in a local directory laid out like the bucket (`<root>/ext/<source>/region=…/`,
 * `<root>/aws/<SOURCE>/<version>/region=…/`):
 * objects are listed by walking the partition directories (a file's modification time is its
 * `lastModified`), read in place, and written with {@link localDirectorySink}.
 *
 * @example
 * ```ts
 * const store = localLakeStore('/data/lake');
 * const objects = await store.list({ sourceName: 'openmdr', fromDay: '20260301' });
 * ```
 */
export function localLakeStore(root: string): SecurityLakeStore {
  return {
    location: root,
    sink: localDirectorySink(root),
    async check(source) {
      assertSource(source);
      const info = await stat(root);
      if (!info.isDirectory()) throw new Error(`not a directory: ${root}`);
    },
    async list(filter) {
      const base = sourcePrefix(filter);
      const source = join(root, ...base.split('/'));
      const found: SecurityLakeObjectInfo[] = [];
      for (const region of await children(source, 'region=')) {
        for (const account of await children(join(source, region), 'accountId=')) {
          for (const day of await children(join(source, region, account), 'eventDay=')) {
            const directory = join(source, region, account, day);
            for (const name of await readdir(directory)) {
              if (!name.endsWith('.parquet')) continue;
              const key = [base, region, account, day, name].join('/');
              const partition = parsePartitionKey(key);
              if (partition === undefined || !partitionMatches(partition, filter)) continue;
              const info = await stat(join(directory, name));
              found.push({
                ...partition,
                key,
                lastModified: Math.floor(info.mtimeMs),
                size: info.size,
              });
            }
          }
        }
      }
      return found.sort(byKey);
    },
    async open(object) {
      return { path: join(root, ...object.key.split('/')), release: async () => {} };
    },
    async close() {},
  };
}
