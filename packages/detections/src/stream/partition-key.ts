/**
 * The partition key of an OCSF event in a distributed detection pipeline, and the choice of the
 * entity to partition by from the loaded correlation rules.
 *
 * The rule: a stateful detector (a Sigma correlation, a native threshold rule) gives the same
 * results on N partitions as in one process when every group it counts in lies in one
 * partition, that is when its group-by includes the partition entity (a correlation grouped by
 * `Computer`, or by `Computer` and `User`, is exact when events are partitioned by host). A
 * correlation grouped by another entity (by user while partitioning by host, or by nothing)
 * sees only the part of a group that reached each partition: it may fire later, less often or
 * not at all.
 *
 * @module
 */
import type { CorrelationRule } from '../sigma/correlation/types.js';

/** The entity to partition by: host, user, or OCSF attribute paths (`src_endpoint.ip`). */
export type PartitionBy = 'host' | 'user' | readonly string[];

/** Options of {@link detectionPartitionKey}. */
export interface PartitionKeyOptions {
  /** The entity; defaults to `'host'`. */
  readonly by?: PartitionBy | undefined;
}

function read(event: unknown, path: string): unknown {
  let value: unknown = event;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' || value === '-' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function first(event: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const value = text(read(event, path));
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Where the host of an OCSF event is read, in order (Sigma `Computer` is `device.hostname`). */
export const HOST_PATHS: readonly string[] = ['device.hostname', 'device.name'];
/** Where the user of an OCSF event is read, in order. */
export const USER_PATHS: readonly string[] = ['user.name', 'actor.user.name', 'process.user.name'];
/** Where the source address of an OCSF event is read. */
export const SOURCE_IP_PATHS: readonly string[] = ['src_endpoint.ip', 'device.ip'];

function host(event: unknown): string | undefined {
  const value = first(event, HOST_PATHS);
  return value === undefined ? undefined : `host:${value.toLowerCase()}`;
}

function user(event: unknown): string | undefined {
  const value = first(event, USER_PATHS);
  return value === undefined ? undefined : `user:${value.toLowerCase()}`;
}

function sourceIp(event: unknown): string | undefined {
  const value = first(event, SOURCE_IP_PATHS);
  return value === undefined ? undefined : `ip:${value}`;
}

/**
 * The partition key of an OCSF event: `host:<device.hostname or device.name, lower case>` by
 * default, else `user:<user name>`, else `ip:<source ip>`, else `none` (all such events share
 * one partition). With `by: 'user'` the user comes first, then the host, then the source ip.
 * With `by: [paths]` the key is the JSON of those attributes' values (`fields:[…]`).
 *
 * Give the stream this key so that every event of one entity lands on one partition, in order;
 * see the module documentation for when a stateful detector is then exact.
 */
export function detectionPartitionKey(event: unknown, options: PartitionKeyOptions = {}): string {
  const by = options.by ?? 'host';
  if (by === 'host') return host(event) ?? user(event) ?? sourceIp(event) ?? 'none';
  if (by === 'user') return user(event) ?? host(event) ?? sourceIp(event) ?? 'none';
  return `fields:${JSON.stringify(by.map((path) => text(read(event, path)) ?? null))}`;
}

/** Sigma field names (Windows and generic taxonomy) that name the host of an event. */
const HOST_FIELDS = new Set(
  ['Computer', 'ComputerName', 'Hostname', 'hostname', 'host', 'Device', 'DeviceName'].map((name) =>
    name.toLowerCase(),
  ),
);
/** Sigma field names that name the user of an event. */
const USER_FIELDS = new Set(
  ['User', 'UserName', 'TargetUserName', 'SubjectUserName', 'AccountName', 'username'].map((name) =>
    name.toLowerCase(),
  ),
);

/** Which entity one correlation's group-by names (after its aliases), if any. */
function entitiesOf(rule: CorrelationRule): Set<'host' | 'user'> {
  const entities = new Set<'host' | 'user'>();
  for (const field of rule.groupBy) {
    const alias = rule.aliases[field];
    const names = alias === undefined ? [field] : Object.values(alias);
    if (names.length > 0 && names.every((name) => HOST_FIELDS.has(name.toLowerCase())))
      entities.add('host');
    if (names.length > 0 && names.every((name) => USER_FIELDS.has(name.toLowerCase())))
      entities.add('user');
  }
  return entities;
}

/** The entity chosen by {@link partitionByForCorrelations}, and why. */
export interface PartitionChoice {
  /** The entity to partition by. */
  readonly by: 'host' | 'user';
  /** The correlations (id, name or title) that are exact with this choice. */
  readonly exact: readonly string[];
  /** The correlations that are not (their group-by does not include the entity). */
  readonly inexact: readonly string[];
  /** One sentence saying what was chosen and why. */
  readonly reason: string;
}

/**
 * Chooses the entity to partition by from the correlations' group-by: the one (host or user)
 * that the most correlations group by, host on a tie or when none groups by either. The other
 * correlations are listed as inexact (see the module documentation).
 */
export function partitionByForCorrelations(
  correlations: readonly CorrelationRule[],
): PartitionChoice {
  const byHost: string[] = [];
  const byUser: string[] = [];
  const names = correlations.map((rule) => rule.id ?? rule.name ?? rule.title);
  correlations.forEach((rule, index) => {
    const entities = entitiesOf(rule);
    if (entities.has('host')) byHost.push(names[index] as string);
    if (entities.has('user')) byUser.push(names[index] as string);
  });
  const by = byUser.length > byHost.length ? 'user' : 'host';
  const exact = by === 'host' ? byHost : byUser;
  const inexact = names.filter((name) => !exact.includes(name));
  const reason =
    correlations.length === 0
      ? 'no correlation rules: partitioned by host (the default)'
      : `partitioned by ${by}: ${exact.length} of ${correlations.length} correlation rules group by the ${by}${inexact.length === 0 ? '' : ` (not exact across partitions: ${inexact.join(', ')})`}`;
  return { by, exact, inexact, reason };
}
