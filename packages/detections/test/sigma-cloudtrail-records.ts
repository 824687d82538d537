import type { SigmaDetectionItem, SigmaRule, SigmaScalar } from '../src/index.js';

/**
 * Test records for SigmaHQ's CloudTrail rules, derived from each rule's detection: a positive
 * record per way the condition can be met, and near misses (a changed value of a required
 * selection, or a filter that fires). Also a local OCSF form of a record, after the field table
 * of `src/sigma/ocsf/cloudtrail-field-table.ts` and the placement of OCSF's published CloudTrail
 * mapping (no connector is imported: detections stays pure).
 */

type JsonObject = Record<string, unknown>;

/** A neutral CloudTrail management event that no rule's selection or filter reads as set. */
export function baseRecord(): JsonObject {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEPRINCIPAL1',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      accessKeyId: 'AKIAEXAMPLE0001',
      userName: 'alice',
    },
    eventTime: '2026-01-01T00:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6',
    requestParameters: { maxResults: 5 },
    responseElements: null,
    requestID: '2d1f7a5c-0000-4000-8000-000000000001',
    eventID: '7b3c1e2a-0000-4000-8000-000000000002',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  };
}

/** A value every rule value differs from. */
export const NO_MATCH = 'SigmaNoMatch';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets a dotted path in a nested record (creating objects, replacing non-objects). */
export function setPath(record: JsonObject, path: string, value: unknown): void {
  const keys = path.split('.');
  let current = record;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(current[key])) current[key] = {};
    current = current[key] as JsonObject;
  }
  current[keys[keys.length - 1] as string] = value;
}

function getPath(record: JsonObject, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** A Sigma string value with its wildcards filled (`*`, `?` → `x`). */
function literal(value: string): string {
  return value.replace(/(?<!\\)[*?]/g, 'x').replace(/\\([*?\\])/g, '$1');
}

/** An ARN field (`userIdentity.arn`): its generated values are ARNs, as CloudTrail writes them. */
const isArnField = (field: string) => /(^|\.)arn$/i.test(field);

/** The ARN generated values of ARN fields start with. */
const ARN_PREFIX = 'arn:aws:iam::111122223333:user/';

/**
 * A string a (simple) regular expression matches: anchors dropped, `.+`/`.*` as `x` (the first
 * as an account's ARN prefix in an ARN field).
 */
function regexSample(pattern: string, field: string): string {
  let first = true;
  const sample = pattern
    .replace(/^\^|\$$/g, '')
    .replace(/\.[+*]/g, () => {
      const fill = first && isArnField(field) ? 'arn:aws:sts::111122223333' : 'x';
      first = false;
      return fill;
    })
    .replace(/\\(.)/g, '$1');
  if (!new RegExp(pattern).test(sample)) throw new Error(`no sample for /${pattern}/`);
  return sample;
}

/** Whole-object fields: a value they must contain goes inside the object. */
const OBJECT_FIELDS = new Set(['requestParameters', 'responseElements']);

/** Writes values into `record` that satisfy one detection item. */
function satisfy(record: JsonObject, item: SigmaDetectionItem): void {
  const field = item.field;
  if (field === undefined) throw new Error('keyword searches are not generated');
  const modifiers = item.modifiers;
  const first = item.values[0] as SigmaScalar;
  if (first === null) {
    // `field: null` — the field is absent.
    return;
  }
  if (modifiers.includes('fieldref')) {
    const other = String(first);
    const value =
      getPath(record, other) ??
      (isArnField(field) || isArnField(other) ? `${ARN_PREFIX}alice` : 'sigma-ref-value');
    setPath(record, other, value);
    setPath(record, field, value);
    return;
  }
  let value: unknown;
  const pre = isArnField(field) ? ARN_PREFIX : 'pre ';
  if (modifiers.includes('re')) value = regexSample(String(first), field);
  else if (typeof first !== 'string') value = first;
  else {
    const texts = (modifiers.includes('all') ? item.values : [first]).map((v) =>
      literal(String(v)),
    );
    const text = texts.join(' ');
    if (modifiers.includes('contains')) value = `${pre}${text} post`;
    else if (modifiers.includes('startswith')) value = `${text}20150331v2`;
    else if (modifiers.includes('endswith')) value = `${pre}${text}`;
    else value = text;
  }
  if (OBJECT_FIELDS.has(field)) {
    const object = isObject(record[field]) ? (record[field] as JsonObject) : {};
    object['sigmaGenerated'] = value;
    record[field] = object;
  } else {
    setPath(record, field, value);
  }
}

/** One term of a condition: a search (or `1 of` a prefix), maybe negated. */
interface Term {
  readonly negated: boolean;
  /** The searches the term may use (one for a plain name; every match of a `1 of` pattern). */
  readonly searches: readonly string[];
}

/** The terms of an `and`-only condition (`selection and not 1 of filter*`). */
function termsOf(rule: SigmaRule): Term[] {
  if (rule.detection.conditions.length !== 1) throw new Error('one condition expected');
  const names = [...rule.detection.searches.keys()];
  return (rule.detection.conditions[0] as string).split(/\s+and\s+/).map((text) => {
    const match = /^(not\s+)?(?:1 of\s+)?([\w*]+)$/.exec(text.trim());
    if (match === null) throw new Error(`condition term not generated: ${text}`);
    const [, not, name] = match as unknown as [string, string | undefined, string];
    const searches = name.endsWith('*')
      ? names.filter((candidate) => candidate.startsWith(name.slice(0, -1)))
      : [name];
    if (searches.length === 0) throw new Error(`no search for ${name}`);
    return { negated: not !== undefined, searches };
  });
}

/** The alternatives of a search: one item list per map (a list of maps is OR-ed). */
function alternativesOf(rule: SigmaRule, name: string): (readonly SigmaDetectionItem[])[] {
  const search = rule.detection.searches.get(name);
  if (search === undefined) throw new Error(`no search ${name}`);
  if (search.kind === 'keywords') throw new Error('keyword searches are not generated');
  return search.kind === 'map' ? [search.items] : [...search.maps];
}

/** Every way to meet the positive terms: one item list per term, for each combination. */
function positiveChoices(rule: SigmaRule): (readonly SigmaDetectionItem[])[][] {
  let choices: (readonly SigmaDetectionItem[])[][] = [[]];
  for (const term of termsOf(rule).filter((t) => !t.negated)) {
    const options = term.searches.flatMap((name) => alternativesOf(rule, name));
    choices = choices.flatMap((choice) => options.map((option) => [...choice, option]));
  }
  return choices;
}

/** The positive records of a rule: the base record with each way to meet its condition. */
export function matchingRecords(rule: SigmaRule): JsonObject[] {
  return positiveChoices(rule).map((choice) => {
    const record = baseRecord();
    for (const items of choice) for (const item of items) satisfy(record, item);
    return record;
  });
}

/** A near miss: the labelled record that must not fire the rule. */
export interface NearMiss {
  readonly why: string;
  readonly record: JsonObject;
}

/**
 * The near misses of a rule: the first positive record with the first field of the first
 * required selection (its `eventName` when it has one) set to {@link NO_MATCH}, and with each
 * negated search (a filter) met.
 */
export function nearMisses(rule: SigmaRule): NearMiss[] {
  const [match] = matchingRecords(rule);
  const [choice] = positiveChoices(rule);
  if (match === undefined || choice === undefined) return [];
  const misses: NearMiss[] = [];
  const positive = termsOf(rule).filter((t) => !t.negated);
  const requiredIndex = positive.findIndex((t) => t.searches.length === 1);
  const items = choice[Math.max(requiredIndex, 0)] ?? [];
  const item = items.find((candidate) => candidate.field === 'eventName') ?? items[0];
  if (item?.field !== undefined) {
    const record = structuredClone(match);
    setPath(record, item.field, NO_MATCH);
    misses.push({ why: `${item.field} changed`, record });
  }
  for (const term of termsOf(rule).filter((t) => t.negated)) {
    for (const name of term.searches) {
      const [alternative] = alternativesOf(rule, name);
      const record = structuredClone(match);
      for (const filterItem of alternative ?? []) satisfy(record, filterItem);
      misses.push({ why: `${name} met`, record });
    }
  }
  return misses;
}

/** A nested record with its objects flattened to dotted keys (arrays kept), as some pipelines write it. */
export function flattenRecord(record: JsonObject, prefix = '', into: JsonObject = {}): JsonObject {
  for (const [key, value] of Object.entries(record)) {
    if (isObject(value) && Object.keys(value).length > 0) {
      flattenRecord(value, `${prefix}${key}.`, into);
    } else into[`${prefix}${key}`] = value;
  }
  return into;
}

/** OCSF `user.type_id` by `userIdentity.type` (others are Other, 99, with the AWS word). */
const USER_TYPE_IDS: Readonly<Record<string, number>> = {
  IAMUser: 1,
  Root: 2,
  AWSService: 4,
  Unknown: 0,
};

/** The top-level CloudTrail fields with an OCSF attribute; the rest go to `unmapped`. */
const MAPPED = new Set([
  'eventVersion',
  'eventTime',
  'eventSource',
  'eventName',
  'eventType',
  'eventID',
  'eventCategory',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'requestID',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'recipientAccountId',
  'userIdentity',
]);

/** The identity fields with an attribute under `actor`; the rest go to `unmapped.userIdentity`. */
const MAPPED_IDENTITY = new Set(['arn', 'principalId', 'userName', 'accountId', 'accessKeyId']);

const AUTHENTICATION = /^(ConsoleLogin|AssumeRole|GetSigninToken|SwitchRole|CheckMfa)/;
const ACCOUNT_CHANGE =
  /^(CreateUser|CreateAccessKey|CreateLoginProfile|UpdateLoginProfile|AttachUserPolicy|PutUserPolicy|DeleteUser|AddUserToGroup)$/;

/**
 * The OCSF event of a CloudTrail record, as OCSF's published CloudTrail mapping places each
 * field: the call in `api` (request data only with a request id), the caller in `actor.user`
 * (the type as `type_id`, or `type` for Other), the source in `src_endpoint` (an AWS service as
 * `svc_name`), account and region in `cloud`, `eventType` as `metadata.event_code`, and every
 * other field in `unmapped` under its own name.
 */
export function toOcsf(raw: JsonObject): JsonObject {
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const identity = isObject(raw['userIdentity']) ? raw['userIdentity'] : {};
  const type = typeof identity['type'] === 'string' ? identity['type'] : undefined;
  const typeId = type === undefined ? undefined : (USER_TYPE_IDS[type] ?? 99);
  const arn = identity['arn'];
  const source = text('sourceIPAddress');
  const operation = text('eventName') ?? '';
  const unmapped: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!MAPPED.has(key) && value !== null && value !== undefined) unmapped[key] = value;
  }
  const identityRest: JsonObject = {};
  for (const [key, value] of Object.entries(identity)) {
    if (!MAPPED_IDENTITY.has(key)) identityRest[key] = value;
  }
  if (Object.keys(identityRest).length > 0) unmapped['userIdentity'] = identityRest;
  const requestId = text('requestID');
  if (requestId === undefined && raw['requestParameters'] !== undefined) {
    unmapped['requestParameters'] = raw['requestParameters'];
  }
  const classUid = AUTHENTICATION.test(operation)
    ? 3002
    : ACCOUNT_CHANGE.test(operation)
      ? 3001
      : 6003;
  return {
    class_uid: classUid,
    activity_id: 99,
    time: Date.parse(text('eventTime') ?? '2026-01-01T00:00:00Z'),
    metadata: {
      product: { name: 'CloudTrail', vendor_name: 'AWS', version: text('eventVersion') },
      uid: text('eventID'),
      event_code: text('eventType'),
      log_name: text('eventCategory'),
    },
    cloud: {
      provider: 'AWS',
      region: text('awsRegion'),
      account: { uid: text('recipientAccountId'), type_id: 10 },
    },
    actor: {
      user: {
        uid: typeof arn === 'string' ? arn : identity['principalId'],
        uid_alt: typeof arn === 'string' ? identity['principalId'] : undefined,
        name: identity['userName'],
        account: { uid: identity['accountId'], type_id: 10 },
        credential_uid: identity['accessKeyId'],
        type_id: typeId,
        type: typeId === 99 ? type : undefined,
      },
    },
    src_endpoint:
      source === undefined
        ? undefined
        : /^[\d.:a-f]+$/i.test(source)
          ? { ip: source }
          : source.endsWith('.amazonaws.com')
            ? { svc_name: source, domain: source }
            : { name: source },
    http_request: { user_agent: text('userAgent') },
    api: {
      operation,
      service: { name: text('eventSource') },
      request:
        requestId === undefined
          ? undefined
          : { uid: requestId, data: raw['requestParameters'] ?? undefined },
      response: {
        error: text('errorCode'),
        message: text('errorMessage'),
        data: raw['responseElements'] ?? undefined,
      },
    },
    unmapped,
  };
}
