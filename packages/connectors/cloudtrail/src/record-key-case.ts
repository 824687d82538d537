import type { JsonRecord } from '@openmdr/connector-kit/normalize';

/**
 * CloudTrail's record fields, by the nested object they sit in (the CloudTrail User Guide's
 * "CloudTrail record contents" and "userIdentity element"), in their documented case.
 */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  '': [
    'eventTime',
    'eventVersion',
    'userIdentity',
    'eventSource',
    'eventName',
    'awsRegion',
    'sourceIPAddress',
    'userAgent',
    'errorCode',
    'errorMessage',
    'requestParameters',
    'responseElements',
    'additionalEventData',
    'requestID',
    'eventID',
    'eventType',
    'apiVersion',
    'managementEvent',
    'readOnly',
    'resources',
    'recipientAccountId',
    'serviceEventDetails',
    'sharedEventID',
    'vpcEndpointId',
    'vpcEndpointAccountId',
    'eventCategory',
    'addendum',
    'sessionCredentialFromConsole',
    'edgeDeviceDetails',
    'tlsDetails',
    'insightDetails',
  ],
  userIdentity: [
    'type',
    'principalId',
    'arn',
    'accountId',
    'accessKeyId',
    'userName',
    'sessionContext',
    'invokedBy',
    'identityProvider',
    'credentialId',
    'onBehalfOf',
    'inScopeOf',
  ],
  sessionContext: [
    'attributes',
    'sessionIssuer',
    'webIdFederationData',
    'sourceIdentity',
    'ec2RoleDelivery',
    'assumedRoot',
  ],
  attributes: ['creationDate', 'mfaAuthenticated'],
  sessionIssuer: ['type', 'principalId', 'arn', 'accountId', 'userName'],
  webIdFederationData: ['federatedProvider', 'attributes'],
  tlsDetails: ['tlsVersion', 'cipherSuite', 'clientProvidedHostHeader'],
  resources: ['ARN', 'accountId', 'type'],
  onBehalfOf: ['userId', 'identityStoreArn'],
};

const BY_LOWER: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  Object.entries(FIELDS).map(([parent, names]) => [
    parent,
    new Map(names.map((name) => [name.toLowerCase(), name])),
  ]),
);

/** Fields that tables (Athena's CloudTrail table, say) hold as JSON text rather than objects. */
const JSON_TEXT_FIELDS = new Set([
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'serviceEventDetails',
]);

function restore(value: unknown, parent: string): unknown {
  if (Array.isArray(value)) return value.map((item) => restore(item, parent));
  if (value === null || typeof value !== 'object') return value;
  const names = BY_LOWER.get(parent);
  const out: JsonRecord = {};
  for (const [key, item] of Object.entries(value as JsonRecord)) {
    const name = names?.get(key.toLowerCase()) ?? key;
    let restored = item;
    if (parent === '' && JSON_TEXT_FIELDS.has(name) && typeof item === 'string') {
      try {
        const parsed: unknown = JSON.parse(item);
        if (parsed !== null && typeof parsed === 'object') restored = parsed;
      } catch {
        // not JSON: kept as the text it is
      }
    }
    // only CloudTrail's own objects are renamed; request and response bodies keep their keys
    out[name] = BY_LOWER.has(name) ? restore(restored, name) : restored;
  }
  return out;
}

/**
 * A CloudTrail record whose field names were lower-cased on the way (Athena's and Glue's
 * CloudTrail tables, some SIEM exports: `eventname`, `useridentity.principalid`) with
 * CloudTrail's documented names back, and the request, response and additional data such
 * tables keep as JSON text parsed. A record with `eventName` or `eventTime` as CloudTrail writes
 * them is returned as it is.
 */
export function restoreCloudTrailKeyCase(record: JsonRecord): JsonRecord {
  if (record['eventName'] !== undefined || record['eventTime'] !== undefined) return record;
  if (record['eventname'] === undefined && record['eventtime'] === undefined) return record;
  return restore(record, '') as JsonRecord;
}
