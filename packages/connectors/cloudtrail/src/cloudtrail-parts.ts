import { NormalizationError } from '@openmdr/connector-kit';
import {
  isRecord,
  type JsonRecord,
  type OcsfPart,
  validIp,
} from '@openmdr/connector-kit/normalize';

/** `metadata.product` of every CloudTrail event (as Amazon Security Lake names it). */
export const CLOUDTRAIL_EVENT_PRODUCT = { name: 'CloudTrail', vendor_name: 'AWS' } as const;

/** OCSF `account.type_id` of an AWS account. */
const AWS_ACCOUNT = 10;

/** A non-empty string, or `undefined`. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** An object field, or `undefined`. */
export function objectAt(record: JsonRecord | undefined, key: string): JsonRecord | undefined {
  if (record === undefined) return undefined;
  const value = record[key];
  return isRecord(value) ? value : undefined;
}

/** CloudTrail's booleans, written as `"true"`/`"false"` in session attributes. */
function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** Epoch ms of an ISO time, or `undefined` when absent or not a time. */
function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** The event time (required), as epoch ms. */
export function eventTimeOf(record: JsonRecord): number {
  const value = record['eventTime'];
  if (typeof value !== 'string' || value.length === 0) {
    throw new NormalizationError('eventTime is missing (a date-time is required)', {
      path: 'eventTime',
    });
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) {
    throw new NormalizationError(`eventTime is not a date-time: ${value.slice(0, 64)}`, {
      path: 'eventTime',
    });
  }
  return parsed;
}

/** OCSF `user.type_id` by `userIdentity.type`; others are Other (99) with the AWS word. */
const USER_TYPE_IDS: Readonly<Record<string, number>> = {
  IAMUser: 1,
  IdentityCenterUser: 1,
  Root: 2,
  AWSService: 4,
  Unknown: 0,
};

/** `account` of an AWS account id. */
export function awsAccount(uid: unknown): OcsfPart | undefined {
  const id = text(uid);
  return id === undefined ? undefined : { uid: id, type_id: AWS_ACCOUNT };
}

/** The part after the last `/` of an ARN (`arn:aws:sts::1:assumed-role/Admin/alice` → `alice`). */
function arnTail(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const slash = arn.lastIndexOf('/');
  return slash < 0 || slash === arn.length - 1 ? undefined : arn.slice(slash + 1);
}

/**
 * The OCSF `user` of a `userIdentity`: its ARN as `uid` and `principalId` as `uid_alt` (the
 * principal id as `uid` when there is no ARN), the user
 * name (an assumed role's session name when it has none), its account, access key and type
 * (`IAMUser` User, `Root` Admin, `AWSService` Service, others Other with the AWS word);
 * `undefined` when it names no one.
 */
export function userOfIdentity(identity: JsonRecord | undefined): OcsfPart | undefined {
  if (identity === undefined) return undefined;
  const uid = text(identity['arn']);
  const principalId = text(identity['principalId']);
  const type = text(identity['type']);
  let name = text(identity['userName']);
  if (name === undefined && type === 'AssumedRole') {
    const colon = principalId === undefined ? -1 : principalId.indexOf(':');
    name = colon < 0 ? arnTail(uid) : (principalId as string).slice(colon + 1);
  }
  const account = awsAccount(identity['accountId']);
  if (uid === undefined && name === undefined && account === undefined && principalId === undefined)
    return undefined;
  const typeId = type === undefined ? undefined : (USER_TYPE_IDS[type] ?? 99);
  return {
    // Without an ARN (Identity Center, SAML and web identity users), the principal id is the id.
    uid: uid ?? principalId,
    uid_alt: uid === undefined ? undefined : principalId,
    name,
    account,
    credential_uid: text(identity['accessKeyId']),
    type_id: typeId,
    type: typeId === 99 ? type : undefined,
  };
}

/**
 * The OCSF `actor` of a record: the `userIdentity` user, its session (issuer role ARN,
 * creation time, MFA, access key), the AWS service that made the call (`invokedBy`) and the
 * identity provider of a federated session.
 */
export function actorOf(identity: JsonRecord | undefined): OcsfPart | undefined {
  if (identity === undefined) return undefined;
  const context = objectAt(identity, 'sessionContext');
  const attributes = objectAt(context, 'attributes');
  const issuer = objectAt(context, 'sessionIssuer');
  const federation = objectAt(context, 'webIdFederationData');
  const idp =
    text(identity['identityProvider']) ??
    text(federation?.['federatedProvider']) ??
    text(objectAt(identity, 'onBehalfOf')?.['identityStoreArn']);
  const session =
    attributes === undefined && issuer === undefined
      ? undefined
      : {
          issuer: text(issuer?.['arn']),
          created_time: timeOf(attributes?.['creationDate']),
          is_mfa: flag(attributes?.['mfaAuthenticated']),
          credential_uid: text(identity['accessKeyId']),
        };
  const user = userOfIdentity(identity);
  const invokedBy = text(identity['invokedBy']);
  const hasSession =
    session !== undefined &&
    (session.issuer !== undefined ||
      session.created_time !== undefined ||
      session.is_mfa !== undefined ||
      session.credential_uid !== undefined);
  // OCSF's actor needs a user, a session or the invoking service; an identity provider alone is not one.
  if (user === undefined && !hasSession && invokedBy === undefined) return undefined;
  return {
    user,
    session: hasSession ? session : undefined,
    invoked_by: invokedBy,
    idp: idp === undefined ? undefined : { name: idp },
  };
}

/**
 * `src_endpoint` from `sourceIPAddress`: an address as `ip`; an AWS service's name
 * (`ec2.amazonaws.com`), which CloudTrail writes there when a service made the call, as
 * `svc_name` and `domain`; anything else (`AWS Internal`, a scrubbed address) as `name`; the VPC
 * endpoint as `uid`.
 */
export function srcEndpointOf(record: JsonRecord): OcsfPart | undefined {
  const source = text(record['sourceIPAddress']);
  const uid = text(record['vpcEndpointId']);
  if (source === undefined) return uid === undefined ? undefined : { uid };
  const ip = validIp(source);
  if (ip !== undefined) return { ip, uid };
  if (source.endsWith('.amazonaws.com') || source.endsWith('.amazon.com')) {
    return { svc_name: source, domain: source, uid };
  }
  return { name: source, uid };
}

/**
 * `api`: the operation, service, API version, request (its id and `requestParameters`) and
 * response (`errorCode`, `errorMessage`, `responseElements`). Without a `requestID` (which
 * OCSF's request requires) the parameters stay in `unmapped`.
 */
export function apiOf(record: JsonRecord, operation: string): OcsfPart {
  const requestId = text(record['requestID']);
  return {
    operation,
    version: text(record['apiVersion']),
    service: { name: text(record['eventSource']) },
    request:
      requestId === undefined
        ? undefined
        : { uid: requestId, data: jsonData(record['requestParameters']) },
    response: {
      error: text(record['errorCode']),
      message: text(record['errorMessage']),
      data: jsonData(record['responseElements']),
    },
  };
}

/** An object or array as OCSF `json_t` data; other shapes stay out. */
function jsonData(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? value : undefined;
}

/** `resources[]` of the record's `resources` (`ARN`, `type`, `accountId`). */
export function resourcesOf(
  record: JsonRecord,
  region: string | undefined,
): OcsfPart[] | undefined {
  const list = record['resources'];
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const out: OcsfPart[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const uid = text(item['ARN']) ?? text(item['ARNPrefix']);
    if (uid === undefined) continue;
    const account = text(item['accountId']);
    out.push({
      uid,
      type: text(item['type']),
      region,
      owner:
        account === undefined ? undefined : { account: { uid: account, type_id: AWS_ACCOUNT } },
    });
  }
  return out.length === 0 ? undefined : out;
}

/** Top-level fields the normaliser maps (the rest go to `unmapped`). */
const MAPPED: ReadonlySet<string> = new Set([
  'eventTime',
  'eventID',
  'eventName',
  'eventSource',
  'eventType',
  'eventVersion',
  'eventCategory',
  'awsRegion',
  'recipientAccountId',
  'sourceIPAddress',
  'vpcEndpointId',
  'userAgent',
  'requestID',
  'apiVersion',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'resources',
  'userIdentity',
  'sharedEventID',
]);

/** The fields `api` carries as request and response data when they are objects or arrays. */
const DATA_FIELDS = ['requestParameters', 'responseElements'] as const;

/** `userIdentity` fields mapped into `actor` (the rest stay in `unmapped.userIdentity`). */
const MAPPED_IDENTITY: ReadonlySet<string> = new Set([
  'arn',
  'principalId',
  'userName',
  'accountId',
  'accessKeyId',
  'invokedBy',
  'identityProvider',
]);

/**
 * `unmapped`: every top-level field OCSF has no place for (`readOnly`, `managementEvent`,
 * `tlsDetails`, `additionalEventData`, `serviceEventDetails`…), the `userIdentity` fields not in
 * `actor` (its `type`, `sessionContext` with the issuer, `onBehalfOf`…), and the request
 * parameters when there is no request id to hang them on.
 */
export function unmappedOf(record: JsonRecord, keepRequest: boolean): OcsfPart | undefined {
  let out: OcsfPart | undefined;
  for (const key in record) {
    if (MAPPED.has(key)) continue;
    const value = record[key];
    if (value === null || value === undefined || value === '') continue;
    out ??= {};
    out[key] = value;
  }
  // Parameters and response elements that are not JSON objects or arrays have no place in `api`.
  for (const key of DATA_FIELDS) {
    const value = record[key];
    if (value === null || value === undefined || value === '' || typeof value === 'object')
      continue;
    out ??= {};
    out[key] = value;
  }
  const identity = record['userIdentity'];
  if (isRecord(identity)) {
    let rest: OcsfPart | undefined;
    for (const key in identity) {
      if (MAPPED_IDENTITY.has(key)) continue;
      const value = identity[key];
      if (value === null || value === undefined || value === '') continue;
      rest ??= {};
      rest[key] = value;
    }
    if (rest !== undefined) {
      out ??= {};
      out['userIdentity'] = rest;
    }
  }
  const parameters = record['requestParameters'];
  if (keepRequest && typeof parameters === 'object' && parameters !== null) {
    out ??= {};
    out['requestParameters'] = record['requestParameters'];
  }
  return out;
}

/** `cloud`: AWS, the region and the account the event was delivered to. */
export function cloudOf(record: JsonRecord): OcsfPart {
  return {
    provider: 'AWS',
    region: text(record['awsRegion']),
    account: awsAccount(record['recipientAccountId']),
  };
}

/**
 * `metadata`: product (CloudTrail, AWS, `eventVersion`, `eventCategory` as its feature), the
 * event id, `eventType` as `event_code`, the category as `log_name`, `eventTime` as written.
 */
export function metadataOf(record: JsonRecord): OcsfPart {
  const category = text(record['eventCategory']);
  const version = text(record['eventVersion']);
  return {
    product:
      version === undefined && category === undefined
        ? CLOUDTRAIL_EVENT_PRODUCT
        : {
            name: 'CloudTrail',
            vendor_name: 'AWS',
            version,
            feature: category === undefined ? undefined : { name: category },
          },
    uid: text(record['eventID']),
    event_code: text(record['eventType']),
    log_name: category,
    log_provider: 'CloudTrail',
    original_time: text(record['eventTime']),
    correlation_uid: text(record['sharedEventID']),
  };
}
