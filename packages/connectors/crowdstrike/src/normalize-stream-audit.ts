import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  compact,
  filePart,
  type NormalizeOptions,
  type OcsfPart,
  part,
  type RecordReader,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';
import {
  envelopeUid,
  eventTime,
  type StreamEnvelope,
  streamMetadata,
} from './normalize-stream-detection.js';

/** `AuthActivityAuditEvent` operations that change an account: OCSF Account Change activities. */
const ACCOUNT_CHANGES: Readonly<Record<string, number>> = {
  createUser: 1,
  activateUser: 2,
  changePassword: 3,
  resetPassword: 4,
  requestResetPassword: 4,
  confirmResetPassword: 4,
  resetAuthSecret: 4,
  deactivateUser: 5,
  deleteUser: 6,
  grantUserRoles: 7,
  updateUserRoles: 7,
  revokeUserRoles: 8,
  lockUser: 9,
  unlockUser: 12,
  updateUser: 99,
};

/** `AuthActivityAuditEvent` operations that end a session: OCSF Authentication Logoff. */
const LOGOFFS = new Set(['streamStopped', 'userLogout', 'logout']);

function statusOf(event: RecordReader): { status_id: number; status?: string } {
  const success = event.boolean('Success');
  if (success === undefined) return { status_id: 0 };
  return success ? { status_id: 1, status: 'Success' } : { status_id: 2, status: 'Failure' };
}

/** `AuditKeyValues` (`[{ Key, ValueString }]`) and `Attributes` as one object. */
function auditAttributes(event: RecordReader): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of event.objects('AuditKeyValues')) {
    const key = pair.string('Key');
    const value = pair.string('ValueString') ?? pair.string('ValueNumber');
    if (key && value !== undefined) out[key] = value;
  }
  const attributes = event.object('Attributes');
  if (attributes) {
    for (const key of Object.keys(attributes.record)) {
      const value = attributes.string(key);
      if (value !== undefined) out[key] = value;
    }
  }
  return out;
}

function actorUser(event: RecordReader): OcsfPart | undefined {
  const id = event.string('UserId');
  return id
    ? compact({ uid: id, name: id, email_addr: id.includes('@') ? id : undefined })
    : undefined;
}

const AUDIT_MAPPED = new Set([
  'UserId',
  'UserIp',
  'SourceIp',
  'OperationName',
  'ServiceName',
  'Success',
  'UTCTimestamp',
  'AuditKeyValues',
  'Attributes',
]);

/**
 * `AuthActivityAuditEvent`: console, API and stream sign-ins as OCSF Authentication (Logon, or
 * Logoff for `streamStopped`), and account administration (`createUser`, `changePassword`,
 * `updateUserRoles`, …) as OCSF Account Change.
 */
export function streamAuthActivity(
  envelope: StreamEnvelope,
  options: NormalizeOptions,
): NormalizedEvent {
  const { event } = envelope;
  const operation = event.string('OperationName') ?? 'unknown';
  const attributes = auditAttributes(event);
  const user = actorUser(event) ?? { name: 'unknown' };
  const common = {
    severity_id: 1,
    time: eventTime(envelope, 'UTCTimestamp'),
    ...statusOf(event),
    src_endpoint: part({ ip: event.ip('UserIp') ?? event.ip('SourceIp') }),
    metadata: streamMetadata(envelope),
    unmapped: compact({ ...event.rest(AUDIT_MAPPED), attributes }),
  };
  const source = { source: `CrowdStrike ${envelope.eventType}`, record: envelope.record, options };
  const change = ACCOUNT_CHANGES[operation];
  if (change !== undefined) {
    const target = attributes['target_name'] ?? attributes['user_id'] ?? attributes['target_user'];
    return buildEvent(
      'account_change',
      {
        ...common,
        activity_id: change,
        activity_name: change === 99 ? operation : undefined,
        message: `${operation} by ${event.string('UserId') ?? 'unknown'}`,
        user: target ? { name: target, uid: target } : user,
        actor: { user },
      },
      source,
    );
  }
  const service = event.string('ServiceName');
  return buildEvent(
    'authentication',
    {
      ...common,
      activity_id: LOGOFFS.has(operation) ? 2 : 1,
      message: `${operation}${service ? ` (${service})` : ''}`,
      user,
      service: service ? { name: service } : undefined,
      is_mfa: operation === 'twoFactorAuthenticate' ? true : undefined,
      auth_protocol_id: operation === 'saml2Assert' ? 5 : undefined,
      session: attributes['appId'] ? { uid: attributes['appId'] } : undefined,
    },
    source,
  );
}

/** An API activity from a console operation name: create, read, update, delete or other. */
function operationActivity(operation: string): number {
  const name = operation.toLowerCase();
  if (/(^|_)(create|add|new|grant)/.test(name)) return 1;
  if (/(^|_)(get|list|query|read|search|view|download)/.test(name)) return 2;
  if (/(^|_)(delete|remove|revoke)/.test(name)) return 4;
  if (/(update|modify|change|set|edit|assign|quarantined|contain)/.test(name)) return 3;
  return 99;
}

const METHOD_ACTIVITY: Readonly<Record<string, number>> = {
  POST: 1,
  GET: 2,
  HEAD: 2,
  PUT: 3,
  PATCH: 3,
  DELETE: 4,
};

/**
 * `UserActivityAuditEvent` (a console or API user's operation on a Falcon service, e.g.
 * `detection_update`) and `APIActivityAuditEvent` (one API request) as OCSF API Activity.
 */
export function streamApiActivity(
  envelope: StreamEnvelope,
  options: NormalizeOptions,
): NormalizedEvent {
  const { event } = envelope;
  const operation = event.string('OperationName') ?? 'unknown';
  const attributes = auditAttributes(event);
  const method = attributes['request_method']?.toUpperCase();
  const path = attributes['request_path'];
  const activity =
    envelope.eventType === 'APIActivityAuditEvent' && method
      ? (METHOD_ACTIVITY[method] ?? 99)
      : operationActivity(operation);
  const ip = event.ip('UserIp') ?? event.ip('SourceIp') ?? attributes['user_ip'];
  const clientId = attributes['APIClientID'];
  const user = actorUser(event);
  const statusCode = attributes['status_code'];
  return buildEvent(
    'api_activity',
    {
      activity_id: activity,
      activity_name: activity === 99 ? operation : undefined,
      severity_id: 1,
      time: eventTime(envelope, 'UTCTimestamp'),
      ...statusOf(event),
      message: method && path ? `${method} ${path}` : operation,
      actor: compact({
        user,
        app_uid: clientId,
        app_name: clientId ? 'Falcon API client' : undefined,
      }),
      api: compact({
        operation: method && path ? `${method} ${path}` : operation,
        service: part({ name: event.string('ServiceName') }),
        request: part({ uid: attributes['trace_id'] }),
        response: part({ code: statusCode ? Number(statusCode) : undefined }),
      }),
      src_endpoint: compact({
        ip: typeof ip === 'string' && ip.length > 0 ? ip : undefined,
        name: ip ? undefined : 'unknown',
      }),
      http_request: method
        ? part({
            http_method: method,
            user_agent: attributes['user_agent'],
            url: part({ path, hostname: attributes['request_host'] }),
          })
        : undefined,
      metadata: streamMetadata(envelope),
      unmapped: compact({ ...event.rest(AUDIT_MAPPED), attributes }),
    },
    { source: `CrowdStrike ${envelope.eventType}`, record: envelope.record, options },
  );
}

/**
 * `RemoteResponseSessionStartEvent` / `…EndEvent`: a responder opening (Logon) or closing
 * (Logoff) a Real Time Response session on a host, as OCSF Authentication.
 */
export function streamRemoteResponse(
  envelope: StreamEnvelope,
  options: NormalizeOptions,
): NormalizedEvent {
  const { event } = envelope;
  const end = envelope.eventType === 'RemoteResponseSessionEndEvent';
  const name = event.string('UserName') ?? 'unknown';
  return buildEvent(
    'authentication',
    {
      activity_id: end ? 2 : 1,
      severity_id: 1,
      status_id: 1,
      time: eventTime(envelope, end ? 'EndTimestamp' : 'StartTimestamp'),
      message: `Real Time Response session ${end ? 'ended' : 'started'} by ${name}`,
      user: compact({ name, email_addr: name.includes('@') ? name : undefined }),
      logon_type_id: 99,
      logon_type: 'Real Time Response',
      is_remote: true,
      session: part({ uid: event.string('SessionId') }),
      dst_endpoint: part({ hostname: event.string('HostnameField') }),
      service: { name: 'Real Time Response' },
      metadata: streamMetadata(envelope),
      unmapped: event.rest(
        new Set(['SessionId', 'HostnameField', 'UserName', 'StartTimestamp', 'EndTimestamp']),
      ),
    },
    { source: `CrowdStrike ${envelope.eventType}`, record: envelope.record, options },
  );
}

/** Incident `State` → OCSF Incident Finding `status_id`. */
const INCIDENT_STATUS: Readonly<Record<string, number>> = {
  open: 1,
  new: 1,
  in_progress: 2,
  reopened: 1,
  closed: 5,
};

/** CrowdScore (0–10) → OCSF severity. */
function scoreSeverity(score: number | undefined): number {
  if (score === undefined) return 0;
  if (score >= 8) return 5;
  if (score >= 6) return 4;
  if (score >= 4) return 3;
  if (score >= 2) return 2;
  return 1;
}

/**
 * `IncidentSummaryEvent` and `IdentityProtectionIncidentEvent`: a CrowdScore or identity
 * incident as an OCSF Incident Finding (status from `State`, severity from the 0–10 score).
 */
export function streamIncident(
  envelope: StreamEnvelope,
  options: NormalizeOptions,
): NormalizedEvent {
  const { event } = envelope;
  const link = event.string('FalconHostLink');
  const fromLink = link ? /\/(inc:[^?/]+)/.exec(link)?.[1] : undefined;
  const uid =
    event.string('IncidentID') ??
    event.string('IncidentId') ??
    event.string('IdentityProtectionIncidentId') ??
    fromLink ??
    envelopeUid(envelope);
  const state = event.string('State')?.toLowerCase();
  const statusId = state === undefined ? 0 : (INCIDENT_STATUS[state] ?? 99);
  const start = eventTime(envelope, 'IncidentStartTime', 'StartTime');
  const score = event.number('FineScore') ?? event.number('Severity');
  const assignee = event.string('AssignedTo') ?? event.string('AssignedToUid');
  const type = event.string('IncidentType');
  const title = type
    ? `CrowdStrike ${/^\d+$/.test(type) ? `incident (type ${type})` : `incident: ${type}`}`
    : 'CrowdStrike incident';
  const severityName = event.string('SeverityName');
  return buildEvent(
    'incident_finding',
    {
      activity_id: statusId === 5 ? 3 : 1,
      severity_id: severityName ? severityIdOf(severityName) : scoreSeverity(score),
      status_id: statusId,
      status: statusId === 99 ? event.string('State') : undefined,
      time: eventTime(envelope, 'IncidentEndTime', 'EndTime', 'IncidentStartTime'),
      start_time: start,
      end_time: eventTime(envelope, 'IncidentEndTime', 'EndTime'),
      src_url: link,
      desc: event.string('Description') ?? event.string('IncidentDescription'),
      message: `${title}: ${uid ?? 'unknown'}`,
      finding_info_list: [
        compact({ uid: uid ?? 'unknown', title, src_url: link, created_time: start }),
      ],
      // OCSF needs an assignee or a group; the stream names neither: the console's "Unassigned"
      assignee: assignee ? { name: assignee, uid: assignee } : undefined,
      assignee_group: assignee ? undefined : { name: 'Unassigned' },
      metadata: streamMetadata(envelope, uid),
      unmapped: event.rest(
        new Set([
          'IncidentID',
          'IncidentId',
          'State',
          'FineScore',
          'IncidentStartTime',
          'IncidentEndTime',
          'StartTime',
          'EndTime',
          'FalconHostLink',
          'Description',
          'IncidentDescription',
          'IdentityProtectionIncidentId',
          'SeverityName',
          'AssignedTo',
          'AssignedToUid',
        ]),
      ),
    },
    { source: `CrowdStrike ${envelope.eventType}`, record: envelope.record, options },
  );
}

/**
 * `FirewallMatchEvent`: a Falcon Firewall rule match as OCSF Network Activity (Traffic), the
 * rule's action (`RuleAction` 1 allow, 2 block) as `action_id` / `disposition_id`.
 */
export function streamFirewallMatch(
  envelope: StreamEnvelope,
  options: NormalizeOptions,
): NormalizedEvent {
  const { event } = envelope;
  const action = event.string('RuleAction');
  const blocked = action === '2';
  const inbound = event.string('ConnectionDirection') === '1';
  const local = part({ ip: event.ip('LocalAddress'), port: event.number('LocalPort') });
  const remote = part({ ip: event.ip('RemoteAddress'), port: event.number('RemotePort') });
  return buildEvent(
    'network_activity',
    {
      activity_id: blocked ? 5 : 6,
      severity_id: 1,
      status_id: 1,
      action_id: action === '1' ? 1 : blocked ? 2 : undefined,
      disposition_id: action === '1' ? 1 : blocked ? 2 : undefined,
      time: event.time('Timestamp') ?? envelope.created,
      message: event.string('RuleName'),
      src_endpoint: inbound ? remote : local,
      dst_endpoint: inbound ? local : remote,
      connection_info: part({
        protocol_num: event.number('Protocol'),
        direction_id: inbound ? 1 : 2,
      }),
      device: part({
        uid: event.string('DeviceId'),
        hostname: event.string('HostName'),
        type_id: 0,
      }),
      actor: part({
        process: part({
          uid: event.string('PID'),
          cmd_line: event.string('CommandLine'),
          file: filePart({ path: event.string('ImageFileName') }),
        }),
      }),
      firewall_rule: part({
        uid: event.string('RuleId'),
        name: event.string('RuleName'),
        category: event.string('RuleGroupName'),
        desc: event.string('RuleDescription'),
      }),
      metadata: streamMetadata(envelope),
      unmapped: event.rest(
        new Set([
          'DeviceId',
          'HostName',
          'LocalAddress',
          'LocalPort',
          'RemoteAddress',
          'RemotePort',
          'Protocol',
          'ConnectionDirection',
          'RuleAction',
          'RuleId',
          'RuleName',
          'RuleGroupName',
          'RuleDescription',
          'PID',
          'CommandLine',
          'ImageFileName',
        ]),
      ),
    },
    { source: `CrowdStrike ${envelope.eventType}`, record: envelope.record, options },
  );
}
