/**
 * AWS CloudTrail records → Sigma's `product: aws, service: cloudtrail` rules. SigmaHQ writes
 * these rules with CloudTrail's own field names (`eventSource`, `eventName`, `errorCode`,
 * `userIdentity.type`, `requestParameters.<name>`, `responseElements.<name>`…), nested fields
 * addressed by dotted names. A record is recognised by `eventVersion`, `eventSource` and
 * `eventName`, by an `eventSource` that names an AWS service (`iam.amazonaws.com`), or (an
 * Insights event) by `eventVersion` and a CloudTrail `eventType` (`AwsCloudTrailInsight`).
 *
 * Reading a field walks the record as CloudTrail nests it, or as a pipeline flattened it
 * (`{"userIdentity.type": "Root"}`), through arrays (`requestParameters.containerDefinitions.command`
 * is every command of every container). A JSON object read as a whole (`requestParameters`,
 * which some rules search with `contains`) is its JSON text and every string inside it.
 *
 * @module
 */
import type { SigmaFieldGetter, SigmaLogsource } from '../field-access.js';

/** The logsource of every CloudTrail record. */
export const CLOUDTRAIL_LOGSOURCE: SigmaLogsource = { product: 'aws', service: 'cloudtrail' };

/** The logsources of a CloudTrail record (one: {@link CLOUDTRAIL_LOGSOURCE}). */
export const CLOUDTRAIL_LOGSOURCES: readonly SigmaLogsource[] = [CLOUDTRAIL_LOGSOURCE];

/** CloudTrail's `eventType`s: API calls, service events, console actions and sign-ins, Insights. */
const CLOUDTRAIL_EVENT_TYPES: ReadonlySet<string> = new Set([
  'AwsApiCall',
  'AwsServiceEvent',
  'AwsConsoleAction',
  'AwsConsoleSignIn',
  'AwsVpceEvent',
  'AwsCloudTrailInsight',
]);

/**
 * True for a CloudTrail record: `eventVersion`, `eventSource` and `eventName` are strings, or
 * `eventSource` names an AWS service (ends in `.amazonaws.com`), or (an Insights event, which
 * names the call only in `insightDetails`) `eventVersion` is a string and `eventType` one of
 * CloudTrail's.
 */
export function isCloudTrailRecord(record: Readonly<Record<string, unknown>>): boolean {
  const source = record['eventSource'];
  const version = record['eventVersion'];
  if (typeof source !== 'string') {
    const type = record['eventType'];
    return (
      typeof version === 'string' && typeof type === 'string' && CLOUDTRAIL_EVENT_TYPES.has(type)
    );
  }
  if (source.endsWith('.amazonaws.com')) return true;
  return typeof version === 'string' && typeof record['eventName'] === 'string';
}

/**
 * True for the logsource of a rule written for CloudTrail records: `product: aws` with
 * `service: cloudtrail` or no service.
 */
export function isCloudTrailLogsource(logsource: SigmaLogsource): boolean {
  return (
    logsource.product === 'aws' &&
    (logsource.service === undefined || logsource.service === 'cloudtrail')
  );
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** At most this many values are collected from the arrays along one path. */
const FAN_OUT_LIMIT = 256;

/**
 * The value at `segments[from…]` under `value`: at each object, the longest run of segments
 * that is a key (`userIdentity.type` as one flattened key, or `userIdentity` then `type`); at
 * an array, the path under each element (the values found, as a flat list).
 */
function walk(value: unknown, segments: readonly string[], from: number, into: unknown[]): void {
  if (from === segments.length) {
    if (Array.isArray(value)) {
      for (const entry of value) if (into.length < FAN_OUT_LIMIT) into.push(entry);
    } else if (value !== undefined) into.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (into.length >= FAN_OUT_LIMIT) return;
      walk(entry, segments, from, into);
    }
    return;
  }
  const object = objectOf(value);
  if (object === undefined) return;
  for (let end = segments.length; end > from; end--) {
    const key = end === from + 1 ? (segments[from] as string) : segments.slice(from, end).join('.');
    const next = object[key];
    if (next !== undefined) {
      walk(next, segments, end, into);
      return;
    }
  }
}

/**
 * The value at a dotted path (`userIdentity.sessionContext.sessionIssuer.type`) of a CloudTrail
 * record or of an OCSF event, nested or with flattened keys: the value itself when the path
 * crosses no array, else the list of values found under each element; `undefined` when absent.
 */
export function readDottedPath(event: unknown, path: string): unknown {
  const object = objectOf(event);
  if (object === undefined) return undefined;
  const direct = object[path];
  if (direct !== undefined) return direct;
  const found: unknown[] = [];
  if (path.includes('.')) walk(object, path.split('.'), 0, found);
  if (found.length === 0) return flattenedObject(object, `${path}.`);
  return found.length === 1 ? found[0] : found;
}

/**
 * The object a flattened record spreads over keys starting with `prefix`
 * (`requestParameters.bucketName`, `requestParameters.VersioningConfiguration.Status` for
 * `requestParameters`), keyed by the rest of each key; `undefined` when there is none.
 */
function flattenedObject(
  object: Record<string, unknown>,
  prefix: string,
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key in object) {
    if (key.length > prefix.length && key.startsWith(prefix)) {
      out ??= {};
      out[key.slice(prefix.length)] = object[key];
    }
  }
  return out;
}

function collectLeaves(value: unknown, into: string[]): void {
  if (into.length >= FAN_OUT_LIMIT) return;
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (Array.isArray(value)) for (const entry of value) collectLeaves(entry, into);
  else if (typeof value === 'object' && value !== null) {
    for (const entry of Object.values(value)) collectLeaves(entry, into);
  }
}

/**
 * A CloudTrail value as Sigma reads it: a scalar as it is; a JSON object (or an array holding
 * objects) as its JSON text followed by every string and number inside it, so that
 * `requestParameters|contains: 'Suspended'` finds a nested value and `contains: '"Allow"'` the
 * quoted text of an embedded policy document; an array of scalars as it is.
 */
export function cloudTrailValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value) && !value.some((entry) => typeof entry === 'object' && entry !== null)) {
    return value;
  }
  const texts = [JSON.stringify(value)];
  collectLeaves(value, texts);
  return texts;
}

const getters = new Map<string, SigmaFieldGetter>();

/**
 * The getter of Sigma field `field` on raw CloudTrail records ({@link readDottedPath}, then
 * {@link cloudTrailValue}); one function per field.
 */
export function cloudTrailFieldGetter(field: string): SigmaFieldGetter {
  let getter = getters.get(field);
  if (getter === undefined) {
    getter = (event) => cloudTrailValue(readDottedPath(event, field));
    getters.set(field, getter);
  }
  return getter;
}
