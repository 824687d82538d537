import { createHash } from 'node:crypto';
import type { ObjectSink } from './sink.js';
import {
  type SecurityLakeCompression,
  type SecurityLakeDownConversion,
  type SecurityLakeObject,
  type SecurityLakeRejection,
  writeSecurityLake,
} from './writer.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_ID = /^\d{12}$/;

/** Options of {@link writeSecurityLakeEvents}. */
export interface WriteSecurityLakeEventsOptions {
  /** Where objects go. */
  readonly sink: ObjectSink;
  /** The custom source's name. */
  readonly sourceName: string;
  /** The custom source's `sourceVersion` folder, when it was registered with one. */
  readonly sourceVersion?: string | undefined;
  /** The Region partition of events without a valid `cloud.region`. */
  readonly region?: string;
  /** The account partition of events without a valid `cloud.account.uid`. */
  readonly accountId?: string;
  /** Target size of one object, bytes (the writer's default: 256 MiB). */
  readonly targetFileBytes?: number;
  /** Most events in one object (the writer's default: 5 000 000). */
  readonly targetFileRows?: number;
  /** Parquet compression (the writer's default: zstd). */
  readonly compression?: SecurityLakeCompression;
}

/** An event {@link writeSecurityLakeEvents} did not store, and why. */
export interface SecurityLakeEventRejection {
  /** Its position in the input (0-based). */
  readonly index: number;
  /** The writer's reasons, or no Region / account partition for it. */
  readonly reason: SecurityLakeRejection['reason'] | 'no_region' | 'no_account_id';
}

/** What {@link writeSecurityLakeEvents} stored, rejected and down-converted. */
export interface SecurityLakeEventsSummary {
  /** Objects stored, partition by partition. */
  readonly objects: SecurityLakeObject[];
  /** Events not stored, by input position. */
  readonly rejected: SecurityLakeEventRejection[];
  /** What OCSF 1.1.0 could not carry, summed over the partitions. */
  readonly downConverted: SecurityLakeDownConversion[];
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/**
 * The Region and account partition of an event: its `cloud.region` and `cloud.account.uid`
 * (OCSF's cloud object, which AWS sources fill) when they are a Region name and a 12-digit
 * account id, else the defaults.
 */
export function securityLakePartitionOf(
  event: object,
  defaults: { region?: string | undefined; accountId?: string | undefined } = {},
): { region: string | undefined; accountId: string | undefined } {
  const cloud = record((event as Record<string, unknown>)['cloud']);
  const region = cloud?.['region'];
  const accountUid = record(cloud?.['account'])?.['uid'];
  return {
    region: typeof region === 'string' && REGION.test(region) ? region : defaults.region,
    accountId:
      typeof accountUid === 'string' && ACCOUNT_ID.test(accountUid)
        ? accountUid
        : defaults.accountId,
  };
}

const compactTime = (timeMs: number) =>
  new Date(timeMs)
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * Writes OCSF events to a Security Lake custom source, each in the Region and account
 * partition it belongs to ({@link securityLakePartitionOf}: its `cloud` object, else the
 * options' defaults), one {@link writeSecurityLake} per partition. Object names are derived
 * from the events (`<class_uid>-<first time>-<12 hex of a SHA-256 over the partition's events,
 * class, day and object number>.parquet`), so writing the same events again replaces the same
 * objects instead of adding duplicates — a retried write is idempotent.
 *
 * @example
 * ```ts
 * const { objects, rejected } = await writeSecurityLakeEvents(findings, {
 *   sink: localDirectorySink('/data/lake'), sourceName: 'openmdr', region: 'eu-west-1',
 *   accountId: '123456789012',
 * });
 * ```
 */
export async function writeSecurityLakeEvents(
  events: readonly object[],
  options: WriteSecurityLakeEventsOptions,
): Promise<SecurityLakeEventsSummary> {
  const groups = new Map<string, { region: string; accountId: string; indices: number[] }>();
  const rejected: SecurityLakeEventRejection[] = [];
  events.forEach((event, index) => {
    const { region, accountId } = securityLakePartitionOf(event, options);
    if (region === undefined) rejected.push({ index, reason: 'no_region' });
    else if (accountId === undefined) rejected.push({ index, reason: 'no_account_id' });
    else {
      const id = `${region}/${accountId}`;
      const group = groups.get(id) ?? { region, accountId, indices: [] };
      group.indices.push(index);
      groups.set(id, group);
    }
  });
  const objects: SecurityLakeObject[] = [];
  const downConverted = new Map<string, SecurityLakeDownConversion>();
  for (const { region, accountId, indices } of groups.values()) {
    const members = indices.map((index) => events[index] as object);
    const digest = createHash('sha256');
    for (const event of members) digest.update(JSON.stringify(event)).update('\n');
    const content = digest.digest('hex');
    const counts = new Map<string, number>();
    const summary = await writeSecurityLake(members, {
      sink: options.sink,
      sourceName: options.sourceName,
      sourceVersion: options.sourceVersion,
      region,
      accountId,
      ...(options.targetFileBytes === undefined
        ? {}
        : { targetFileBytes: options.targetFileBytes }),
      ...(options.targetFileRows === undefined ? {} : { targetFileRows: options.targetFileRows }),
      ...(options.compression === undefined ? {} : { compression: options.compression }),
      fileName: ({ classUid, eventDay, firstTime }) => {
        const slot = `${classUid}/${eventDay}`;
        const number = (counts.get(slot) ?? 0) + 1;
        counts.set(slot, number);
        const hash = createHash('sha256')
          .update(`${content}:${slot}:${number}`)
          .digest('hex')
          .slice(0, 12);
        return `${classUid}-${compactTime(firstTime)}-${hash}.parquet`;
      },
    });
    objects.push(...summary.objects);
    for (const rejection of summary.rejected) {
      rejected.push({ index: indices[rejection.index] as number, reason: rejection.reason });
    }
    for (const entry of summary.downConverted) {
      const id = `${entry.reason} ${entry.path}`;
      const known = downConverted.get(id);
      downConverted.set(id, { ...entry, count: (known?.count ?? 0) + entry.count });
    }
  }
  rejected.sort((a, b) => a.index - b.index);
  return { objects, rejected, downConverted: [...downConverted.values()] };
}
