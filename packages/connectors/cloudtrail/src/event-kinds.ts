/**
 * Which OCSF class and activity a CloudTrail record becomes, from its `eventSource` and
 * `eventName`. The sets follow the CloudTrail mapping OCSF publishes with Amazon
 * (github.com/ocsf/examples, `mappings/bloblang/AWS/CloudTrail/v1.1.0`): sign-ins and role
 * assumptions are Authentication, IAM identity and credential changes Account Change, every
 * other call API Activity with the activity of the operation's verb.
 */

/** The OCSF class of a CloudTrail API record. */
export type CloudTrailClass = 'api_activity' | 'authentication' | 'account_change';

/** A record's class and `activity_id` in it. */
export interface CloudTrailKind {
  readonly className: CloudTrailClass;
  readonly activityId: number;
}

/** `eventName`s that are Authentication wherever they come from (the published mapping's set). */
const AUTHENTICATION_EVENTS: ReadonlyMap<string, number> = new Map([
  ['ConsoleLogin', 1],
  ['ExternalIdPDirectoryLogin', 1],
  ['UserAuthentication', 1],
  ['AssumeRole', 1],
  ['AssumeRoleWithSAML', 1],
  ['AssumeRoleWithWebIdentity', 1],
  ['CheckMfa', 99],
  ['CredentialChallenge', 99],
  ['CredentialVerification', 99],
]);

/**
 * Sign-in services: their events are Authentication too (IAM Identity Center `Authenticate`,
 * `Federate`, `Logout`; console `SwitchRole`, `RenewRole`, `ConsoleLogout`), except the account
 * updates in {@link ACCOUNT_CHANGE_EVENTS} (`PasswordUpdated`, `EmailUpdated`).
 */
const SIGN_IN_SOURCES: ReadonlySet<string> = new Set([
  'signin.amazonaws.com',
  'sso.amazonaws.com',
  'signin.aws.amazon.com',
]);

/** `activity_id` of sign-in service events by name; others are Logon (1). */
const SIGN_IN_ACTIVITIES: ReadonlyMap<string, number> = new Map([
  ['SwitchRole', 7],
  ['ExitRole', 7],
  ['ConsoleLogout', 2],
  ['Logout', 2],
  ['CheckMfa', 99],
  ['CredentialChallenge', 99],
  ['CredentialVerification', 99],
  ['GetRoleCredentials', 3],
]);

/**
 * IAM user, role, group, credential and account changes: Account Change (the published
 * mapping's set, plus the other per-user credentials: SSH keys, signing certificates and
 * service-specific credentials), with their `activity_id` when the verb does not tell it.
 */
const ACCOUNT_CHANGE_EVENTS: ReadonlyMap<string, number | undefined> = new Map<
  string,
  number | undefined
>([
  ['AddRoleToInstanceProfile', 7],
  ['AddUserToGroup', 7],
  ['AttachGroupPolicy', 7],
  ['AttachRolePolicy', 7],
  ['AttachUserPolicy', 7],
  ['ChangePassword', 3],
  ['PasswordUpdated', 3],
  ['UpdateLoginProfile', 4],
  ['CreateAccessKey', 1],
  ['CreateAccountAlias', 1],
  ['CreateInstanceProfile', 1],
  ['CreateLoginProfile', 1],
  ['CreateRole', 1],
  ['CreateServiceLinkedRole', 1],
  ['CreateServiceSpecificCredential', 1],
  ['CreateUser', 1],
  ['CreateVirtualMFADevice', 10],
  ['EnableMFADevice', 10],
  ['ResyncMFADevice', 10],
  ['DeactivateMFADevice', 11],
  ['DeleteVirtualMFADevice', 11],
  ['DeleteAccessKey', 6],
  ['DeleteAccountAlias', 6],
  ['DeleteAccountPasswordPolicy', 99],
  ['DeleteGroup', 6],
  ['DeleteGroupPolicy', 8],
  ['DeleteInstanceProfile', 6],
  ['DeleteLoginProfile', 6],
  ['DeletePolicy', 6],
  ['DeleteRole', 6],
  ['DeleteRolePermissionsBoundary', 8],
  ['DeleteRolePolicy', 8],
  ['DeleteServiceLinkedRole', 6],
  ['DeleteServiceSpecificCredential', 6],
  ['DeleteSigningCertificate', 6],
  ['DeleteSSHPublicKey', 6],
  ['DeleteUser', 6],
  ['DeleteUserPermissionsBoundary', 8],
  ['DeleteUserPolicy', 8],
  ['DetachGroupPolicy', 8],
  ['DetachRolePolicy', 8],
  ['DetachUserPolicy', 8],
  ['FinalizeSmsMfaRegistration', 10],
  ['RequestSmsMfaRegistration', 99],
  ['PutGroupPolicy', 7],
  ['PutRolePermissionsBoundary', 7],
  ['PutRolePolicy', 7],
  ['PutUserPermissionsBoundary', 7],
  ['PutUserPolicy', 7],
  ['RemoveRoleFromInstanceProfile', 8],
  ['RemoveUserFromGroup', 8],
  ['ResetServiceSpecificCredential', 4],
  ['TagInstanceProfile', 99],
  ['TagRole', 99],
  ['TagUser', 99],
  ['UntagInstanceProfile', 99],
  ['UntagRole', 99],
  ['UntagUser', 99],
  ['UpdateAccessKey', undefined],
  ['UpdateAccountEmailAddress', 99],
  ['UpdateAccountName', 99],
  ['UpdateAccountPasswordPolicy', 99],
  ['UpdateAssumeRolePolicy', 99],
  ['UpdateGroup', 99],
  ['UpdateRole', 99],
  ['UpdateRoleDescription', 99],
  ['UpdateServiceSpecificCredential', undefined],
  ['UpdateSigningCertificate', undefined],
  ['UpdateSSHPublicKey', undefined],
  ['UpdateUser', 99],
  ['UploadSigningCertificate', 1],
  ['UploadSSHPublicKey', 1],
  ['EmailUpdated', 99],
  ['AccountNameUpdated', 99],
]);

/**
 * API Activity `activity_id` by the operation's leading verb (the published mapping's verbs,
 * plus the read verbs of data events: `Head`, `Query`, `Scan`, `Select`, `BatchGet`), tried in
 * order.
 */
const VERBS: readonly (readonly [string, number])[] = [
  ['Create', 1],
  ['Run', 1],
  ['Generate', 1],
  ['Allocate', 1],
  ['Import', 1],
  ['Get', 2],
  ['List', 2],
  ['Describe', 2],
  ['Search', 2],
  ['Lookup', 2],
  ['Head', 2],
  ['Query', 2],
  ['Scan', 2],
  ['Select', 2],
  ['BatchGet', 2],
  ['Update', 3],
  ['Put', 3],
  ['Modify', 3],
  ['Add', 3],
  ['Remove', 3],
  ['Start', 3],
  ['Stop', 3],
  ['Attach', 3],
  ['Detach', 3],
  ['Associate', 3],
  ['Disassociate', 3],
  ['Tag', 3],
  ['Untag', 3],
  ['Enable', 3],
  ['Disable', 3],
  ['Register', 3],
  ['Deregister', 3],
  ['Set', 3],
  ['Authorize', 3],
  ['Revoke', 3],
  ['Delete', 4],
  ['Terminate', 4],
  ['Release', 4],
  ['BatchDelete', 4],
];

/** The API Activity `activity_id` of an operation: Create, Read, Update, Delete or Other. */
export function apiActivityId(eventName: string): number {
  for (const [verb, id] of VERBS) if (eventName.startsWith(verb)) return id;
  return 99;
}

/**
 * Kinds already worked out, by `eventSource` and `eventName`: a trail repeats a few hundred
 * operations, so each is classified once. Cleared when it grows past {@link CACHE_LIMIT}.
 */
const cache = new Map<string, CloudTrailKind>();
const CACHE_LIMIT = 10_000;

/** The class and activity of a CloudTrail API record (not an Insight). */
export function cloudTrailKind(eventSource: string | undefined, eventName: string): CloudTrailKind {
  const key = eventSource === undefined ? eventName : `${eventSource} ${eventName}`;
  let kind = cache.get(key);
  if (kind !== undefined) return kind;
  kind = classify(eventSource, eventName);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, kind);
  return kind;
}

function classify(eventSource: string | undefined, eventName: string): CloudTrailKind {
  if (ACCOUNT_CHANGE_EVENTS.has(eventName)) {
    return {
      className: 'account_change',
      // A status change (`UpdateAccessKey`) is told by its request: see statusChangeActivityId.
      activityId: ACCOUNT_CHANGE_EVENTS.get(eventName) ?? 99,
    };
  }
  const auth = AUTHENTICATION_EVENTS.get(eventName);
  if (auth !== undefined) return { className: 'authentication', activityId: auth };
  if (eventSource !== undefined && SIGN_IN_SOURCES.has(eventSource)) {
    return { className: 'authentication', activityId: SIGN_IN_ACTIVITIES.get(eventName) ?? 1 };
  }
  return { className: 'api_activity', activityId: apiActivityId(eventName) };
}

/**
 * The Account Change activity of a status change (`UpdateAccessKey`, `UpdateSSHPublicKey`…
 * with `requestParameters.status`): Enable (2) for `Active`, Disable (5) for `Inactive`, else
 * the kind's own.
 */
export function statusChangeActivityId(status: unknown, activityId: number): number {
  if (status === 'Active') return 2;
  if (status === 'Inactive') return 5;
  return activityId;
}
