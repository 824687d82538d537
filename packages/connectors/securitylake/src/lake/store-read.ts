import { eventDayOf } from './layout.js';
import { type ReadSecurityLakeOptions, readSecurityLakeFiles } from './reader.js';
import type { OpenedSecurityLakeObject, SecurityLakeStore } from './store.js';

/**
 * Options of {@link readSecurityLakeStore}: those of `readSecurityLake` without `root`, for one
 * source (`sourceVersion`: exactly that version folder; none: a custom source's objects
 * without one; required for `sourceKind: 'aws'`).
 */
export type ReadSecurityLakeStoreOptions = Omit<
  ReadSecurityLakeOptions,
  'root' | 'sourceName' | 'sourceVersion'
> & {
  /** The source. */
  readonly sourceName: string;
  /** Its version folder. */
  readonly sourceVersion?: string | undefined;
};

const dayOf = (time: number | string | Date, shift = 0): string => {
  const ms =
    time instanceof Date ? time.getTime() : typeof time === 'string' ? Date.parse(time) : time;
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(time)}`);
  return eventDayOf(ms + shift);
};

/**
 * Reads OCSF events from a lake store — an S3 bucket (`s3LakeStore`) or a local directory —
 * oldest first by `time`: the store lists the source's objects pruned by Region, account and
 * the `eventDay`s of `since`…`until`, opens each (an S3 object is downloaded to a temporary
 * file), DuckDB reads them with the remaining conditions, and the opened objects are released
 * (downloaded copies deleted) when the iteration ends, however it ends.
 *
 * @example
 * ```ts
 * const store = s3LakeStore({ client: s3, send, bucket });
 * for await (const event of readSecurityLakeStore(store, { sourceName: 'openmdr', since: '2026-03-01' })) { … }
 * await store.close();
 * ```
 */
export async function* readSecurityLakeStore(
  store: SecurityLakeStore,
  options: ReadSecurityLakeStoreOptions,
): AsyncGenerator<Record<string, unknown>> {
  const objects = await store.list({
    sourceKind: options.sourceKind,
    sourceName: options.sourceName,
    sourceVersion: options.sourceVersion,
    regions: options.region === undefined ? undefined : [options.region],
    accountIds: options.accountId === undefined ? undefined : [options.accountId],
    fromDay: options.since === undefined ? undefined : dayOf(options.since),
    toDay: options.until === undefined ? undefined : dayOf(options.until, -1),
  });
  const opened: Array<OpenedSecurityLakeObject & { partition: (typeof objects)[number] }> = [];
  try {
    for (const object of objects) opened.push({ ...(await store.open(object)), partition: object });
    yield* readSecurityLakeFiles(
      opened.map(({ path, partition }) => ({
        path,
        sourceKind: partition.sourceKind,
        sourceName: partition.sourceName,
        sourceVersion: partition.sourceVersion,
        region: partition.region,
        accountId: partition.accountId,
        eventDay: partition.eventDay,
      })),
      options,
    );
  } finally {
    for (const object of opened) await object.release();
  }
}
