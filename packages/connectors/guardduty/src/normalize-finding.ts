import { NormalizationError, type NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  compact,
  enumAttribute,
  findingActivityId,
  findingTimes,
  type JsonRecord,
  type NormalizeOptions,
  type OcsfPart,
  part,
  RecordReader,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import { findingTypeAttacks, threatPurposeOf } from './finding-attacks.js';
import {
  actionEvidences,
  findingMalware,
  runtimeEvidence,
  threatIntelligence,
} from './finding-evidences.js';
import { guardDutyFindingInput, guardDutyFindingsOf } from './finding-input.js';
import { findingResources, instanceEndpoint, optionalTime } from './finding-resources.js';

/** `metadata.product` of every Amazon GuardDuty event. */
export const GUARDDUTY_PRODUCT = { name: 'Amazon GuardDuty', vendor_name: 'AWS' } as const;

/** Top-level finding fields the normaliser maps; the others (the numeric `severity`…) go to `unmapped`. */
const MAPPED = new Set([
  'schemaVersion',
  'accountId',
  'region',
  'partition',
  'id',
  'arn',
  'type',
  'resource',
  'service',
  'confidence',
  'createdAt',
  'updatedAt',
  'title',
  'description',
]);

/** `service` fields the normaliser maps; the others go to `unmapped.service`. */
const SERVICE_MAPPED = new Set([
  'action',
  'archived',
  'count',
  'eventFirstSeen',
  'eventLastSeen',
  'resourceRole',
  'featureName',
  'evidence',
  'runtimeDetails',
]);

/**
 * OCSF `severity_id` of GuardDuty's numeric severity, by the bands of the GuardDuty user guide:
 * Low below 4, Medium below 7, High below 9, Critical from 9 (GuardDuty's 9.0–10.0 band); 0 or
 * less (never sent by GuardDuty) is Informational. A severity word (`HIGH`, as Security Hub and
 * some exports write it) is read as such; none is Unknown.
 */
export function guardDutySeverityId(severity: number | string | undefined): number {
  if (severity === undefined) return 0;
  if (typeof severity === 'string') return severityIdOf(severity);
  if (severity <= 0) return 1;
  if (severity < 4) return 2;
  if (severity < 7) return 3;
  if (severity < 9) return 4;
  return 5;
}

/** OCSF `confidence_score` (0–100) of GuardDuty's `confidence` (a 0–10 score; 10–100 kept). */
function confidenceScore(confidence: number | undefined): number | undefined {
  if (confidence === undefined || confidence < 0) return undefined;
  return Math.min(100, Math.round(confidence <= 10 ? confidence * 10 : confidence));
}

/** OCSF `confidence_id` of a 0–100 score: High from 70, Medium from 40, else Low. */
function confidenceId(score: number | undefined): number | undefined {
  if (score === undefined) return undefined;
  if (score >= 70) return 3;
  return score >= 40 ? 2 : 1;
}

/** A boolean GuardDuty sends as one or, in some exports, as `"true"` / `"false"`. */
function flag(reader: RecordReader | undefined, path: string): boolean | undefined {
  const value = reader?.value(path);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** The console host of an AWS partition. */
function consoleHost(partition: string | undefined, region: string): string {
  if (partition === 'aws-us-gov') return 'console.amazonaws-us-gov.com';
  if (partition === 'aws-cn') return 'console.amazonaws.cn';
  return `${region}.console.aws.amazon.com`;
}

/** The GuardDuty console page of a finding, searched by its id. */
export function guardDutyConsoleUrl(
  id: string,
  region: string | undefined,
  partition?: string,
): string | undefined {
  if (!region || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return undefined;
  return `https://${consoleHost(partition, region)}/guardduty/home?region=${region}#/findings?search=id%3D${encodeURIComponent(id)}`;
}

/** `arn:<partition>:guardduty:<region>:<account>:…` split into its parts. */
function arnParts(arn: string | undefined): {
  partition?: string | undefined;
  region?: string | undefined;
  account?: string | undefined;
} {
  const parts = arn?.split(':');
  if (parts?.[0] !== 'arn' || parts.length < 6) return {};
  return {
    partition: parts[1] || undefined,
    region: parts[3] || undefined,
    account: parts[4] || undefined,
  };
}

/** OCSF `role_id` of `service.resourceRole`: 1 Target, 2 Actor. */
function resourceRoleId(role: string | undefined): number | undefined {
  if (role === 'TARGET') return 1;
  if (role === 'ACTOR') return 2;
  return undefined;
}

/** An analytic's `type_id`: Learning (ML/DL) for GuardDuty's anomaly detections, else Rule. */
function analyticTypeId(type: string): number {
  return /^Behavior:|AnomalousBehavior/i.test(type) ? 4 : 1;
}

/**
 * Normalises one Amazon GuardDuty finding into an OCSF 1.8.0 Detection Finding (class 2004), the
 * class Amazon Security Lake gives GuardDuty's findings. It takes a finding as `GetFindings`
 * returns it — the REST API's camelCase or the SDKs' and CLI's PascalCase — or the EventBridge
 * event (`detail-type` "GuardDuty Finding") that carries one.
 *
 * `id` becomes `finding_info.uid` and `metadata.uid`, `arn` `finding_info.uid_alt`, `type` the
 * finding type, analytic and (by its threat purpose and family) ATT&CK tactic and technique,
 * `severity` the `severity_id` by GuardDuty's bands, `confidence` the confidence score,
 * `createdAt` / `updatedAt` / `service.eventFirstSeen` / `service.eventLastSeen` the finding's
 * times, `service.archived` the status (an archived finding is Archived and Closed),
 * `service.count` the count; the account, region and partition become `cloud`; `resource` the
 * `resources` (and an EC2 instance the `device`); `service.action` the evidences (remote address
 * with its place and network, local port, API, user agent, domain…), with the Runtime Monitoring
 * process, the principals, the Malware Protection threats as `malware` and the threat lists as
 * `enrichments`; the console page of the finding `finding_info.src_url`. Fields OCSF has no place
 * for stay in `unmapped`. Pure.
 *
 * @throws {NormalizationError} naming the field when the record is not an object, has no `id`,
 *   neither `updatedAt` nor `createdAt`, or does not make a valid event.
 */
export function normalizeGuardDutyFinding(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const input = guardDutyFindingInput(record);
  const finding = new RecordReader(input.finding, input.envelope ? 'detail' : '');
  const envelope = input.envelope ? new RecordReader(input.envelope) : undefined;
  const uid = finding.requireString('id');
  const times = findingTimes(finding, 'createdAt', 'updatedAt');
  const type = finding.string('type');
  const arn = finding.string('arn');
  const fromArn = arnParts(arn);
  const region = finding.string('region') ?? envelope?.string('region') ?? fromArn.region;
  const accountId = finding.string('accountId') ?? envelope?.string('account') ?? fromArn.account;
  const partition = finding.string('partition') ?? fromArn.partition;
  const service = finding.object('service');
  const archived = flag(service, 'archived');
  const statusId = archived === true ? 5 : 1;
  const severity = finding.number('severity') ?? finding.string('severity');
  const score = confidenceScore(finding.number('confidence'));
  const count = service?.number('count');
  const resources = findingResources(finding.object('resource'), {
    accountId,
    region,
    partition,
    roleId: resourceRoleId(service?.string('resourceRole')),
  });
  const evidences = [
    ...actionEvidences(service?.object('action'), instanceEndpoint(resources.device)),
    runtimeEvidence(service?.object('runtimeDetails')),
    ...resources.users.map((user) => ({ name: 'principal', user })),
  ].filter((evidence): evidence is OcsfPart => evidence !== undefined);
  const title = finding.string('title') ?? type ?? uid;
  const featureName = service?.string('featureName');
  const unmapped = compact({
    ...finding.rest(MAPPED),
    resource: resources.unknown,
    service: service?.rest(SERVICE_MAPPED),
    eventbridge: envelope?.record,
  });
  return buildEvent(
    'detection_finding',
    {
      activity_id: findingActivityId(archived === true, times),
      ...enumAttribute(
        'severity',
        guardDutySeverityId(severity),
        typeof severity === 'string' ? severity : undefined,
      ),
      status_id: statusId,
      time: times.updated,
      start_time: optionalTime(service, 'eventFirstSeen'),
      end_time: optionalTime(service, 'eventLastSeen'),
      count: count !== undefined && Number.isInteger(count) && count >= 0 ? count : undefined,
      is_alert: true,
      confidence_score: score,
      confidence_id: confidenceId(score),
      message: title,
      finding_info: {
        uid,
        uid_alt: arn,
        title,
        desc: finding.string('description'),
        types: type ? [type] : undefined,
        created_time: times.created,
        modified_time: optionalTime(finding, 'updatedAt'),
        first_seen_time: optionalTime(service, 'eventFirstSeen'),
        last_seen_time: optionalTime(service, 'eventLastSeen'),
        src_url: guardDutyConsoleUrl(uid, region, partition),
        analytic: type
          ? compact({
              name: type,
              uid: type,
              category: threatPurposeOf(type),
              type_id: analyticTypeId(type),
            })
          : undefined,
        attacks: attacks(findingTypeAttacks(type)),
        data_sources: featureName ? [featureName] : undefined,
      },
      cloud: {
        provider: 'AWS',
        account: accountId ? { uid: accountId, type_id: 10 } : undefined,
        region,
        cloud_partition: partition,
      },
      device: resources.device,
      resources: resources.resources,
      evidences,
      malware: findingMalware(service),
      enrichments: threatIntelligence(service),
      metadata: {
        product: GUARDDUTY_PRODUCT,
        uid,
        original_time: finding.string('updatedAt') ?? finding.string('createdAt'),
        logged_time: optionalTime(envelope, 'time'),
        event_code: type,
        log_version: finding.string('schemaVersion'),
        tenant_uid: accountId,
      },
      unmapped: part(unmapped as JsonRecord),
    },
    { source: 'Amazon GuardDuty finding', record, options },
  );
}

/**
 * Normalises every finding of a `GetFindings` page (`{"findings": [...]}` or the SDKs'
 * `{"Findings": [...]}`), of an array of findings or EventBridge events, or the one finding or
 * event given, with {@link normalizeGuardDutyFinding}, in order.
 *
 * @throws {NormalizationError} for the first finding that cannot be normalised, its position in
 *   the field path (`findings[2].id`).
 */
export function normalizeGuardDutyFindings(
  input: unknown,
  options: NormalizeOptions = {},
): (DetectionFinding & NormalizedEvent)[] {
  const findings = guardDutyFindingsOf(input);
  return findings.map((finding, index) => {
    try {
      return normalizeGuardDutyFinding(finding, options);
    } catch (error) {
      if (!(error instanceof NormalizationError) || (findings.length === 1 && finding === input)) {
        throw error;
      }
      throw new NormalizationError(`findings[${index}]: ${error.message}`, {
        cause: error,
        path: `findings[${index}].${error.path ?? '(record)'}`,
      });
    }
  });
}
