/**
 * Where a custom source's objects go in a Security Lake bucket, as AWS documents for custom
 * sources: `ext/<sourceName>/region=<region>/accountId=<accountId>/eventDay=<YYYYMMDD>/<file>`.
 */

/** The partition of one Security Lake object. */
export interface SecurityLakePartition {
  /** The custom source's name, as registered with Security Lake (`CreateCustomLogSource`). */
  readonly sourceName: string;
  /** The AWS Region the data belongs to (`eu-west-1`). */
  readonly region: string;
  /** The 12-digit AWS account id the data belongs to. */
  readonly accountId: string;
  /** The UTC day of the events, `YYYYMMDD`. */
  readonly eventDay: string;
}

/** The prefix under which Security Lake keeps custom sources. */
export const SECURITY_LAKE_CUSTOM_PREFIX = 'ext';

const SOURCE_NAME = /^[\w\-:.]{1,64}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_ID = /^\d{12}$/;
const EVENT_DAY = /^\d{8}$/;

/**
 * The `eventDay` partition value of an event time: its UTC day as `YYYYMMDD`.
 *
 * @example
 * ```ts
 * eventDayOf(Date.parse('2026-03-02T07:00:00Z')); // '20260302'
 * ```
 */
export function eventDayOf(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The first millisecond (UTC) of an `eventDay` value. */
export function eventDayStart(eventDay: string): number {
  return Date.parse(
    `${eventDay.slice(0, 4)}-${eventDay.slice(4, 6)}-${eventDay.slice(6, 8)}T00:00:00Z`,
  );
}

/**
 * Checks a partition's values against what Security Lake accepts (source name: 1 to 64 of
 * letters, digits, `_ - : .`; a Region name; a 12-digit account id; an 8-digit day).
 *
 * @throws RangeError naming the first value that is not acceptable.
 */
export function assertPartition(partition: SecurityLakePartition): void {
  const checks: Array<[keyof SecurityLakePartition, RegExp]> = [
    ['sourceName', SOURCE_NAME],
    ['region', REGION],
    ['accountId', ACCOUNT_ID],
    ['eventDay', EVENT_DAY],
  ];
  for (const [field, pattern] of checks) {
    if (!pattern.test(partition[field])) {
      throw new RangeError(`Security Lake ${field} not acceptable: '${partition[field]}'`);
    }
  }
}

/**
 * The key prefix (no trailing `/`) of a partition.
 *
 * @example
 * ```ts
 * partitionPrefix({ sourceName: 'openmdr', region: 'eu-west-1', accountId: '123456789012', eventDay: '20260302' });
 * // 'ext/openmdr/region=eu-west-1/accountId=123456789012/eventDay=20260302'
 * ```
 */
export function partitionPrefix(partition: SecurityLakePartition): string {
  assertPartition(partition);
  const { sourceName, region, accountId, eventDay } = partition;
  return `${SECURITY_LAKE_CUSTOM_PREFIX}/${sourceName}/region=${region}/accountId=${accountId}/eventDay=${eventDay}`;
}

/** The partition encoded in an object key, or `undefined` when the key is not in the layout. */
export function parsePartitionKey(key: string): SecurityLakePartition | undefined {
  const match =
    /(?:^|\/)ext\/([^/]+)\/region=([^/]+)\/accountId=([^/]+)\/eventDay=([^/]+)\/[^/]+$/.exec(
      key.replaceAll('\\', '/'),
    );
  if (match === null) return undefined;
  const [, sourceName, region, accountId, eventDay] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  return { sourceName, region, accountId, eventDay };
}
