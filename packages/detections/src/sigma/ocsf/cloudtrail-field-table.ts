/**
 * Sigma CloudTrail fields → OCSF attributes, for `product: aws, service: cloudtrail` rules on
 * OCSF events made from CloudTrail records (API Activity 6003, Authentication 3002, Account
 * Change 3001; `metadata.product.name` `CloudTrail`), as OCSF's published CloudTrail mapping and
 * `@openmdr/connector-cloudtrail` write them: the call in `api`, the caller in `actor`, the
 * source in `src_endpoint`, the account and region in `cloud`, and every CloudTrail field OCSF
 * has no attribute for in `unmapped` under its own name.
 *
 * @module
 */
import type { SigmaFieldGetter } from '../field-access.js';
import { cloudTrailValue, readDottedPath } from '../inputs/cloudtrail.js';
import { readerFor } from './field-readers.js';
import type { OcsfFieldRule, OcsfFieldTable } from './field-tables.js';

/**
 * Sigma (CloudTrail) field → OCSF attribute(s), the first present wins. A key ending in `.*`
 * stands for every field under it (`requestParameters.userName` → `api.request.data.userName`,
 * the `*` of the paths replaced by the rest of the name); the longest such key applies. A field
 * no key names is read from `unmapped.<field>` (`additionalEventData.MFAUsed`, `readOnly`,
 * `tlsDetails.tlsVersion`), as is any field whose attributes are absent.
 */
export const CLOUDTRAIL_OCSF_FIELDS: OcsfFieldTable = {
  eventSource: 'api.service.name',
  eventName: 'api.operation',
  eventType: 'metadata.event_code',
  eventID: 'metadata.uid',
  eventVersion: 'metadata.product.version',
  eventCategory: 'metadata.log_name',
  eventTime: 'metadata.original_time',
  sharedEventID: 'metadata.correlation_uid',
  awsRegion: 'cloud.region',
  recipientAccountId: 'cloud.account.uid',
  sourceIPAddress: {
    ocsf: ['src_endpoint.ip', 'src_endpoint.svc_name', 'src_endpoint.domain', 'src_endpoint.name'],
  },
  vpcEndpointId: 'src_endpoint.uid',
  userAgent: 'http_request.user_agent',
  requestID: 'api.request.uid',
  apiVersion: 'api.version',
  errorCode: { ocsf: ['api.response.error', 'status_code'] },
  errorMessage: 'api.response.message',
  requestParameters: { ocsf: ['api.request.data', 'unmapped.requestParameters'] },
  'requestParameters.*': { ocsf: ['api.request.data.*', 'unmapped.requestParameters.*'] },
  responseElements: { ocsf: ['api.response.data', 'unmapped.responseElements'] },
  'responseElements.*': 'api.response.data.*',
  'userIdentity.type': {
    ocsf: ['unmapped.userIdentity.type', 'actor.user'],
    read: 'aws-user-type',
  },
  'userIdentity.arn': { ocsf: 'actor.user.uid', read: 'aws-arn' },
  'userIdentity.principalId': {
    ocsf: ['actor.user.uid_alt', 'actor.user.uid'],
    read: 'aws-principal-id',
  },
  'userIdentity.userName': 'actor.user.name',
  'userIdentity.accountId': 'actor.user.account.uid',
  'userIdentity.accessKeyId': {
    ocsf: ['actor.user.credential_uid', 'actor.session.credential_uid'],
  },
  'userIdentity.invokedBy': 'actor.invoked_by',
  'userIdentity.identityProvider': 'actor.idp.name',
  'userIdentity.sessionContext.sessionIssuer.arn': 'actor.session.issuer',
  'userIdentity.*': 'unmapped.userIdentity.*',
};

/** The heading of the CloudTrail table in `docs/detections/ocsf-mapping.md`. */
export const CLOUDTRAIL_TABLE_TITLE =
  'AWS CloudTrail — API Activity (6003), Authentication (3002), Account Change (3001)';

/** The `.*` keys of the table, longest first. */
const prefixKeys = Object.keys(CLOUDTRAIL_OCSF_FIELDS)
  .filter((key) => key.endsWith('.*'))
  .map((key) => key.slice(0, -1))
  .sort((a, b) => b.length - a.length);

/** The rule of a field, with the `*` of its paths filled in; `undefined` when none applies. */
function ruleOf(field: string): OcsfFieldRule | undefined {
  const exact = CLOUDTRAIL_OCSF_FIELDS[field];
  if (exact !== undefined) return typeof exact === 'string' ? { ocsf: exact } : exact;
  const prefix = prefixKeys.find((key) => field.startsWith(key) && field.length > key.length);
  if (prefix === undefined) return undefined;
  const rule = CLOUDTRAIL_OCSF_FIELDS[`${prefix}*`] as string | OcsfFieldRule;
  const rest = field.slice(prefix.length);
  const fill = (path: string) => path.replace('*', rest);
  if (typeof rule === 'string') return { ocsf: fill(rule) };
  const paths = typeof rule.ocsf === 'string' ? [rule.ocsf] : rule.ocsf;
  return { ocsf: paths.map(fill), ...(rule.read === undefined ? {} : { read: rule.read }) };
}

/** The reader of one path: nested, flattened keys and arrays alike for plain values. */
function pathReader(path: string, rule: OcsfFieldRule): SigmaFieldGetter {
  const kind = rule.read ?? 'value';
  return kind === 'value' ? (event) => readDottedPath(event, path) : readerFor(path, kind);
}

const getters = new Map<string, SigmaFieldGetter>();

/**
 * The getter of Sigma field `field` in CloudTrail rules on OCSF events
 * ({@link CLOUDTRAIL_OCSF_FIELDS}, then `unmapped.<field>`); values are read as on raw records
 * (objects as their JSON text and strings, arrays as lists). One function per field.
 */
export function ocsfCloudTrailFieldGetter(field: string): SigmaFieldGetter {
  const cached = getters.get(field);
  if (cached !== undefined) return cached;
  const rule = ruleOf(field);
  const paths = rule === undefined ? [] : typeof rule.ocsf === 'string' ? [rule.ocsf] : rule.ocsf;
  const readers = [
    ...paths.map((path) => pathReader(path, rule as OcsfFieldRule)),
    (event: unknown) => readDottedPath(event, `unmapped.${field}`),
  ];
  const getter: SigmaFieldGetter = (event) => {
    for (const read of readers) {
      const value = read(event);
      if (value !== undefined) return cloudTrailValue(value);
    }
    return undefined;
  };
  getters.set(field, getter);
  return getter;
}
