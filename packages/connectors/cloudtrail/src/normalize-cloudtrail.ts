import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  type EventInput,
  extend,
  isRecord,
  type JsonRecord,
  type NormalizeOptions,
  type OcsfPart,
} from '@openmdr/connector-kit/normalize';
import {
  actorOf,
  apiOf,
  awsAccount,
  cloudOf,
  eventTimeOf,
  metadataOf,
  objectAt,
  resourcesOf,
  srcEndpointOf,
  text,
  unmappedOf,
  userOfIdentity,
} from './cloudtrail-parts.js';
import { apiActivityId, cloudTrailKind, statusChangeActivityId } from './event-kinds.js';
import { normalizeCloudTrailInsight } from './normalize-insight.js';
import { restoreCloudTrailKeyCase } from './record-key-case.js';

/** Where a record comes from, in error messages. */
const SOURCE = 'AWS CloudTrail';

/**
 * The CloudTrail record of an input: the record itself, the `detail` of an EventBridge event
 * (`{"detail-type": "AWS API Call via CloudTrail", "detail": {…}}`, and the console sign-in,
 * service event and Insight detail types), or the parsed `CloudTrailEvent` text of a
 * `LookupEvents` event; a record whose field names were lower-cased (Athena's CloudTrail table)
 * gets CloudTrail's names back.
 */
export function unwrapCloudTrailRecord(input: unknown): JsonRecord {
  if (!isRecord(input)) {
    throw new NormalizationError(`${SOURCE} record is not a JSON object`, { path: '(record)' });
  }
  if (typeof input['detail-type'] === 'string') {
    const detail = input['detail'];
    if (!isRecord(detail)) {
      throw new NormalizationError('EventBridge event has no detail object', { path: 'detail' });
    }
    return detail;
  }
  const lookupEvent = input['CloudTrailEvent'];
  if (typeof lookupEvent === 'string' && input['eventTime'] === undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(lookupEvent);
    } catch {
      parsed = undefined;
    }
    if (!isRecord(parsed)) {
      throw new NormalizationError('CloudTrailEvent is not a JSON object', {
        path: 'CloudTrailEvent',
      });
    }
    return parsed;
  }
  return restoreCloudTrailKeyCase(input);
}

/**
 * Sets `status_id` on an event: an `errorCode` or `errorMessage`, or a sign-in result of
 * `Failure`, is a Failure (2) with the code and message; no error a Success (1); another
 * sign-in result Other (99) with its word.
 */
function setOutcome(event: OcsfPart, record: JsonRecord, signInResult: string | undefined): void {
  const code = text(record['errorCode']);
  const message = text(record['errorMessage']);
  if (signInResult === 'Failure' || code !== undefined || message !== undefined) {
    event['status_id'] = 2;
    event['status_code'] = code;
    event['status_detail'] = message ?? code;
  } else if (signInResult === 'Success' || signInResult === undefined) {
    event['status_id'] = 1;
  } else {
    event['status_id'] = 99;
    event['status'] = signInResult;
  }
}

/**
 * The result a sign-in event writes under its own name: `responseElements.ConsoleLogin`
 * (console), `serviceEventDetails.CredentialChallenge` (IAM Identity Center).
 */
function signInResultOf(record: JsonRecord, eventName: string): string | undefined {
  return (
    text(objectAt(record, 'responseElements')?.[eventName]) ??
    text(objectAt(record, 'serviceEventDetails')?.[eventName])
  );
}

/**
 * The user an Authentication is about: the session a role assumption opens
 * (`responseElements.assumedRoleUser`, else the requested role and session name), else the
 * signing-in `userIdentity`.
 */
function authenticatedUser(
  record: JsonRecord,
  identity: JsonRecord | undefined,
): OcsfPart | undefined {
  const response = objectAt(record, 'responseElements');
  const request = objectAt(record, 'requestParameters');
  const assumed = objectAt(response, 'assumedRoleUser');
  const arn = text(assumed?.['arn']) ?? text(request?.['roleArn']);
  if (arn !== undefined) {
    return {
      uid: arn,
      uid_alt: text(assumed?.['assumedRoleId']),
      name: text(request?.['roleSessionName']) ?? text(response?.['subject']),
      type: 'AssumedRole',
      type_id: 99,
      credential_uid: text(objectAt(response, 'credentials')?.['accessKeyId']),
    };
  }
  const user = userOfIdentity(identity);
  if (user !== undefined) return user;
  const name = text(objectAt(record, 'additionalEventData')?.['UserName']);
  return name === undefined ? undefined : { name };
}

/** OCSF `auth_protocol_id` of the federated role assumptions. */
function authProtocolId(eventName: string): number | undefined {
  if (eventName === 'AssumeRoleWithSAML') return 5;
  if (eventName === 'AssumeRoleWithWebIdentity') return 4;
  return undefined;
}

/**
 * The user an Account Change changes: the one the response or request names
 * (`responseElements.user`/`role`/`accessKey`/`loginProfile`, `requestParameters.userName`/
 * `roleName`), else a changed group's members (`requestParameters.groupName`), else the caller
 * (a password change, an account alias, a managed policy).
 */
function changedUser(record: JsonRecord, identity: JsonRecord | undefined): OcsfPart | undefined {
  const response = objectAt(record, 'responseElements');
  const request = objectAt(record, 'requestParameters');
  const created = objectAt(response, 'user') ?? objectAt(response, 'role');
  const name =
    text(created?.['userName']) ??
    text(created?.['roleName']) ??
    text(request?.['userName']) ??
    text(request?.['roleName']) ??
    text(objectAt(response, 'accessKey')?.['userName']) ??
    text(objectAt(response, 'loginProfile')?.['userName']);
  if (name !== undefined || created !== undefined) {
    const isRole =
      objectAt(response, 'role') !== undefined ||
      (request?.['userName'] === undefined && request?.['roleName'] !== undefined);
    return {
      name,
      uid: text(created?.['arn']),
      uid_alt: text(created?.['userId']) ?? text(created?.['roleId']),
      account: awsAccount(record['recipientAccountId']),
      type: isRole ? 'Role' : undefined,
      type_id: isRole ? 99 : undefined,
    };
  }
  const group = text(request?.['groupName']);
  if (group !== undefined) {
    // A group change: its members, named by the group, in the account.
    return { groups: [{ name: group }], account: awsAccount(record['recipientAccountId']) };
  }
  return userOfIdentity(identity);
}

/** The policy an Account Change attaches or detaches (`requestParameters.policyArn`/`policyName`). */
function policyOf(record: JsonRecord): OcsfPart | undefined {
  const request = objectAt(record, 'requestParameters');
  const uid = text(request?.['policyArn']);
  const name = text(request?.['policyName']);
  return uid === undefined && name === undefined ? undefined : { uid, name };
}

/**
 * Normalises one AWS CloudTrail record (as delivered to S3 in `Records`, by CloudTrail Lake, by
 * `LookupEvents`'s `CloudTrailEvent`, or as the `detail` of an EventBridge event — unwrapped
 * here) into an OCSF 1.8.0 event, by the CloudTrail mapping OCSF publishes with Amazon:
 *
 * - sign-ins and role assumptions (`ConsoleLogin`, `signin.amazonaws.com` and IAM Identity Center
 *   events, `AssumeRole*`, `CheckMfa`, `CredentialChallenge`…) → Authentication (3002): the
 *   signed-in user or assumed-role session as `user`, the result from `responseElements` or the
 *   error as `status_id`, MFA use (`additionalEventData.MFAUsed`) as `is_mfa`;
 * - IAM user, role, group, credential and account changes (`CreateUser`, `CreateAccessKey`,
 *   `AttachUserPolicy`, `UpdateLoginProfile`…) → Account Change (3001), with OCSF's activity
 *   (Create, Enable, Password Change/Reset, Disable, Delete, Attach/Detach Policy, MFA Factor
 *   Enable/Disable) and the changed user and policy;
 * - every other management, data and network-activity event → API Activity (6003), its
 *   activity from the operation's verb (Create, Read, Update, Delete, Other);
 * - Insights events (`eventCategory: Insight`) → Detection Finding (2004).
 *
 * Every class gets `actor` from `userIdentity` (user, assumed-role session and issuer,
 * `invokedBy`, identity provider), `src_endpoint` from `sourceIPAddress` (an AWS service name
 * as `svc_name`, not an IP), `http_request.user_agent`, `api` (operation, service, request id
 * and parameters, response elements and error), `cloud` (region, recipient account),
 * `resources`, `metadata.uid` (`eventID`) and `event_code` (`eventType`); other fields stay in
 * `unmapped`. Pure.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record has no
 *   `eventTime`, no `eventName`, or (for API Activity) no caller or source.
 */
export function normalizeCloudTrail(
  input: unknown,
  options: NormalizeOptions = {},
): NormalizedEvent {
  const record = unwrapCloudTrailRecord(input);
  const from = { source: SOURCE, record: input, options };
  if (record['eventCategory'] === 'Insight' || record['eventType'] === 'AwsCloudTrailInsight') {
    return normalizeCloudTrailInsight(record, from);
  }
  const eventName = text(record['eventName']);
  if (eventName === undefined) {
    throw new NormalizationError('eventName is missing or not a string', { path: 'eventName' });
  }
  const time = eventTimeOf(record);
  const eventSource = text(record['eventSource']);
  const identity = objectAt(record, 'userIdentity');
  const hasRequestId = text(record['requestID']) !== undefined;
  const common: EventInput = {
    activity_id: 0,
    time,
    severity_id: 1,
    metadata: metadataOf(record),
    cloud: cloudOf(record),
    actor: actorOf(identity),
    src_endpoint: srcEndpointOf(record),
    http_request: { user_agent: text(record['userAgent']) },
    api: apiOf(record, eventName),
    message: eventSource === undefined ? eventName : `${eventName} (${eventSource})`,
    unmapped: unmappedOf(record, !hasRequestId),
  };
  const kind = cloudTrailKind(eventSource, eventName);
  if (kind.className === 'authentication') {
    const user = authenticatedUser(record, identity);
    if (user !== undefined) {
      const mfa = objectAt(record, 'additionalEventData')?.['MFAUsed'];
      const event = extend(common, {
        activity_id: kind.activityId,
        user,
        // The service signed in to (OCSF requires it or a destination): signin, sts, sso.
        service: { name: eventSource ?? 'AWS' },
        is_mfa: mfa === 'Yes' ? true : mfa === 'No' ? false : undefined,
        auth_protocol_id: authProtocolId(eventName),
      });
      setOutcome(event, record, signInResultOf(record, eventName));
      return buildEvent('authentication', event, from);
    }
  } else if (kind.className === 'account_change') {
    const user = changedUser(record, identity);
    if (user !== undefined) {
      const request = objectAt(record, 'requestParameters');
      const event = extend(common, {
        activity_id: statusChangeActivityId(request?.['status'], kind.activityId),
        user,
        policy: policyOf(record),
      });
      setOutcome(event, record, undefined);
      return buildEvent('account_change', event, from);
    }
  }
  // API Activity: also what a sign-in or account change naming no user falls back to.
  if (common['actor'] === undefined) {
    throw new NormalizationError('userIdentity is missing: API Activity needs the caller', {
      path: 'userIdentity',
    });
  }
  if (common['src_endpoint'] === undefined) {
    // A service event (`AwsServiceEvent`) may name no source: the service itself acted.
    const invokedBy =
      text(identity?.['invokedBy']) ??
      (record['eventType'] === 'AwsServiceEvent' ? eventSource : undefined);
    if (invokedBy === undefined) {
      throw new NormalizationError('sourceIPAddress is missing: API Activity needs the source', {
        path: 'sourceIPAddress',
      });
    }
    common['src_endpoint'] = { svc_name: invokedBy };
  }
  common['activity_id'] =
    kind.className === 'api_activity' ? kind.activityId : apiActivityId(eventName);
  common['resources'] = resourcesOf(record, text(record['awsRegion']));
  setOutcome(common, record, undefined);
  return buildEvent('api_activity', common, from);
}
