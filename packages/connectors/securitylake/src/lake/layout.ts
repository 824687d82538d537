/**
 * Where objects are in a Security Lake bucket, as AWS lays them out:
 * - a custom source: `ext/<sourceName>/region=<region>/accountId=<accountId>/eventDay=<YYYYMMDD>/<file>`,
 *   or `ext/<sourceName>/<sourceVersion>/region=…/…` when it was registered with a
 *   `sourceVersion` (`CreateCustomLogSource`; its provider location is then
 *   `ext/<sourceName>/<sourceVersion>/`);
 * - an AWS native source: `aws/<SOURCE>/<version>/region=…/accountId=…/eventDay=…/<file>`, e.g.
 *   `aws/CLOUD_TRAIL_MGMT/2.0/…` (version `2.0` holds OCSF 1.1 events, `1.0` OCSF 1.0.0-rc.2).
 *
 * The version segment is the one without `=`. OpenMDR writes custom sources only (`ext/…`).
 */

/** The top folder of a source: `ext` (custom sources) or `aws` (AWS native sources). */
export type SecurityLakeSourceKind = 'ext' | 'aws';

/** One source of a lake: its kind, name and (optional for custom sources) version folder. */
export interface SecurityLakeSource {
  /** `ext` (a custom source, the default) or `aws` (a native source such as `CLOUD_TRAIL_MGMT`). */
  readonly sourceKind?: SecurityLakeSourceKind | undefined;
  /** The source's name: a custom source as registered, or a native source (`VPC_FLOW`). */
  readonly sourceName: string;
  /**
   * The version folder: a custom source's `sourceVersion` (absent when it was registered
   * without one), a native source's version (`2.0`; required for `aws`).
   */
  readonly sourceVersion?: string | undefined;
}

/** The partition of one Security Lake object. */
export interface SecurityLakePartition extends SecurityLakeSource {
  /** The AWS Region the data belongs to (`eu-west-1`). */
  readonly region: string;
  /** The 12-digit AWS account id the data belongs to. */
  readonly accountId: string;
  /** The UTC day of the events, `YYYYMMDD`. */
  readonly eventDay: string;
}

/** The prefix under which Security Lake keeps custom sources. */
export const SECURITY_LAKE_CUSTOM_PREFIX = 'ext';

/** The prefix under which Security Lake keeps AWS native sources. */
export const SECURITY_LAKE_NATIVE_PREFIX = 'aws';

/**
 * The AWS native sources of Security Lake as their folders under `aws/` are named (version 2.0
 * of each holds OCSF 1.1 events). Others may appear; any upper-case name is accepted.
 */
export const SECURITY_LAKE_NATIVE_SOURCES = [
  'CLOUD_TRAIL_MGMT',
  'LAMBDA_EXECUTION',
  'S3_DATA',
  'VPC_FLOW',
  'ROUTE53',
  'SH_FINDINGS',
  'EKS_AUDIT',
  'WAF',
] as const;

/** The native source version read when none is given: `2.0` (OCSF 1.1). */
export const SECURITY_LAKE_NATIVE_DEFAULT_VERSION = '2.0';

const SOURCE_NAME = /^[\w\-:.]{1,64}$/;
const NATIVE_NAME = /^[A-Z0-9_]{1,64}$/;
const SOURCE_VERSION = /^[\w\-.]{1,32}$/;
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
 * Checks a source against what Security Lake accepts: a custom source name is 1 to 64 of
 * letters, digits, `_ - : .`; a native source name is upper-case letters, digits and `_`; a
 * version is 1 to 32 of letters, digits, `_ - .` (so `.`/`..` alone are refused), required for
 * a native source.
 *
 * @throws RangeError naming the first value that is not acceptable.
 */
export function assertSource(source: SecurityLakeSource): void {
  const kind = source.sourceKind ?? SECURITY_LAKE_CUSTOM_PREFIX;
  if (kind !== SECURITY_LAKE_CUSTOM_PREFIX && kind !== SECURITY_LAKE_NATIVE_PREFIX) {
    throw new RangeError(`Security Lake sourceKind not acceptable: '${String(kind)}'`);
  }
  const name = kind === SECURITY_LAKE_NATIVE_PREFIX ? NATIVE_NAME : SOURCE_NAME;
  if (!name.test(source.sourceName)) {
    throw new RangeError(`Security Lake sourceName not acceptable: '${source.sourceName}'`);
  }
  const version = source.sourceVersion;
  if (kind === SECURITY_LAKE_NATIVE_PREFIX && version === undefined) {
    throw new RangeError(`Security Lake native source ${source.sourceName} needs a sourceVersion`);
  }
  if (version !== undefined && (!SOURCE_VERSION.test(version) || /^\.+$/.test(version))) {
    throw new RangeError(`Security Lake sourceVersion not acceptable: '${version}'`);
  }
}

/**
 * Checks a partition's values against what Security Lake accepts ({@link assertSource}; a
 * Region name; a 12-digit account id; an 8-digit day).
 *
 * @throws RangeError naming the first value that is not acceptable.
 */
export function assertPartition(partition: SecurityLakePartition): void {
  assertSource(partition);
  const checks: Array<['region' | 'accountId' | 'eventDay', RegExp]> = [
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
 * The key prefix (no trailing `/`) of a source: `ext/<name>`, `ext/<name>/<version>` or
 * `aws/<NAME>/<version>`.
 *
 * @throws RangeError when the source is not acceptable ({@link assertSource}).
 */
export function sourcePrefix(source: SecurityLakeSource): string {
  assertSource(source);
  const kind = source.sourceKind ?? SECURITY_LAKE_CUSTOM_PREFIX;
  const version = source.sourceVersion === undefined ? '' : `/${source.sourceVersion}`;
  return `${kind}/${source.sourceName}${version}`;
}

/**
 * The key prefix (no trailing `/`) of a partition.
 *
 * @example
 * ```ts
 * partitionPrefix({ sourceName: 'openmdr', region: 'eu-west-1', accountId: '123456789012', eventDay: '20260302' });
 * // 'ext/openmdr/region=eu-west-1/accountId=123456789012/eventDay=20260302'
 * partitionPrefix({ sourceName: 'openmdr', sourceVersion: '1.0', region: 'eu-west-1', accountId: '123456789012', eventDay: '20260302' });
 * // 'ext/openmdr/1.0/region=eu-west-1/accountId=123456789012/eventDay=20260302'
 * ```
 */
export function partitionPrefix(partition: SecurityLakePartition): string {
  assertPartition(partition);
  const { region, accountId, eventDay } = partition;
  return `${sourcePrefix(partition)}/region=${region}/accountId=${accountId}/eventDay=${eventDay}`;
}

const KEY =
  /(?:^|\/)(ext|aws)\/([^/=]+)\/(?:([^/=]+)\/)?region=([^/]+)\/accountId=([^/]+)\/eventDay=([^/]+)\/[^/]+$/;

/**
 * The partition encoded in an object key (`ext/<name>/…`, `ext/<name>/<version>/…` or
 * `aws/<NAME>/<version>/…`, the file directly under `eventDay=`), or `undefined` when the key is
 * not in the layout. `sourceKind` is always set; `sourceVersion` only when the key has one.
 */
export function parsePartitionKey(key: string): SecurityLakePartition | undefined {
  const match = KEY.exec(key.replaceAll('\\', '/'));
  if (match === null) return undefined;
  const [, kind, sourceName, sourceVersion, region, accountId, eventDay] = match as unknown as [
    string,
    SecurityLakeSourceKind,
    string,
    string | undefined,
    string,
    string,
    string,
  ];
  if (kind === SECURITY_LAKE_NATIVE_PREFIX && sourceVersion === undefined) return undefined;
  return {
    sourceKind: kind,
    sourceName,
    ...(sourceVersion === undefined ? {} : { sourceVersion }),
    region,
    accountId,
    eventDay,
  };
}
