import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';

/** The `detail-type` of the EventBridge events GuardDuty publishes for its findings. */
export const GUARDDUTY_DETAIL_TYPE = 'GuardDuty Finding';

/** A GuardDuty finding in the API's camelCase, with the EventBridge envelope it came in, if any. */
export interface GuardDutyFindingInput {
  /** The finding, its keys in the API's camelCase. */
  readonly finding: unknown;
  /** The EventBridge event around it (`detail-type`, `time`, `region`…), without `detail`. */
  readonly envelope?: JsonRecord | undefined;
}

/**
 * True for an EventBridge event of a GuardDuty finding: `detail-type` "GuardDuty Finding", or any
 * envelope whose `detail` is a finding (test events often keep only `detail` and `region`).
 * GuardDuty's other events (Malware Protection scan results, health notices) are not findings.
 */
export function isGuardDutyEvent(record: unknown): record is JsonRecord {
  if (!isRecord(record) || !isRecord(record['detail'])) return false;
  return record['detail-type'] === GUARDDUTY_DETAIL_TYPE || isGuardDutyFinding(record['detail']);
}

/**
 * True for a GuardDuty finding as `GetFindings` returns it: the REST API's camelCase (`id`,
 * `type`, `accountId`…) or the SDKs' and the CLI's PascalCase (`Id`, `Type`, `AccountId`…).
 * An ASFF finding of Security Hub (`ProductArn`, `AwsAccountId`) is not one.
 */
export function isGuardDutyFinding(record: unknown): record is JsonRecord {
  if (!isRecord(record) || 'ProductArn' in record || 'productArn' in record) return false;
  const camel = typeof record['id'] === 'string' && typeof record['type'] === 'string';
  const pascal = typeof record['Id'] === 'string' && typeof record['Type'] === 'string';
  if (!camel && !pascal) return false;
  const key = (name: string) => (camel ? name : name[0]?.toUpperCase() + name.slice(1));
  return ['schemaVersion', 'accountId', 'resource', 'service', 'arn'].some(
    (name) => key(name) in record,
  );
}

/** Any EventBridge event: a `detail-type` and a `detail` object. */
function isEventBridgeEvent(record: JsonRecord): boolean {
  return typeof record['detail-type'] === 'string' && isRecord(record['detail']);
}

/** A key with its first letter in lower case: `IpAddressV4` → `ipAddressV4`. */
function camelKey(key: string): string {
  const first = key.charCodeAt(0);
  return first >= 65 && first <= 90 ? key[0]?.toLowerCase() + key.slice(1) : key;
}

/** A deep copy of a PascalCase record (the SDKs' output) with camelCase keys (the API's). */
function camelCased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCased);
  if (!isRecord(value)) return value;
  const out: JsonRecord = {};
  for (const [key, item] of Object.entries(value)) out[camelKey(key)] = camelCased(item);
  return out;
}

/**
 * The finding of a record in the API's camelCase: the `detail` of an EventBridge event (its
 * envelope kept aside; errors then name `detail.<field>`), and a PascalCase finding (`Id`, `Resource`, `Service` — boto3, the AWS CLI,
 * SDK v3 shapes serialised) with its keys camel-cased. Anything else is returned as it is, for the
 * normaliser to refuse with a field path.
 */
export function guardDutyFindingInput(record: unknown): GuardDutyFindingInput {
  let finding = record;
  let envelope: JsonRecord | undefined;
  if (isGuardDutyEvent(record) || (isRecord(record) && isEventBridgeEvent(record))) {
    const { detail, ...rest } = record;
    finding = detail;
    envelope = rest;
  }
  if (isRecord(finding) && !('id' in finding) && 'Id' in finding) finding = camelCased(finding);
  return { finding, envelope };
}

/**
 * The findings of a `GetFindings` page (`{"findings": [...]}` from the REST API, `{"Findings":
 * [...]}` from the SDKs and the CLI), of an array of findings or EventBridge events, or the one
 * finding or event given: what `normalizeGuardDutyFindings` normalises one by one.
 */
export function guardDutyFindingsOf(input: unknown): unknown[] {
  if (Array.isArray(input)) return input;
  if (isRecord(input)) {
    const page = input['findings'] ?? input['Findings'];
    if (Array.isArray(page) && !isGuardDutyFinding(input)) return page;
  }
  return [input];
}
