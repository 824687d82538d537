import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  compact,
  enumAttribute,
  findingActivityId,
  findingStatus,
  isRecord,
  type NormalizeOptions,
  type OcsfPart,
  RecordReader,
  severityIdOf,
  tacticOf,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import { securityAlertRow } from './normalize-alert-shapes.js';
import {
  jsonOf,
  lenientTime,
  listOf,
  requireLenientTime,
  SENTINEL_PRODUCT,
} from './normalize-common.js';
import { parseSentinelEntities, sentinelEvidences } from './normalize-entities.js';

/** `SecurityAlert` columns the normaliser maps; the others go to `unmapped`. */
const MAPPED = new Set([
  'SystemAlertId',
  'TimeGenerated',
  'AlertName',
  'DisplayName',
  'Description',
  'AlertSeverity',
  'Status',
  'StartTime',
  'EndTime',
  'ProcessingEndTime',
  'ProviderName',
  'ProductName',
  'ProductComponentName',
  'VendorName',
  'AlertType',
  'AlertLink',
  'RemediationSteps',
  'Entities',
  'Tactics',
  'Techniques',
  'SubTechniques',
  'CompromisedEntity',
  'ConfidenceScore',
  'Type',
  'TenantId',
]);

/** Times a row may be dated by, in order: when Log Analytics got it, else when it was made. */
const UPDATE_TIMES = ['TimeGenerated', 'ProcessingEndTime', 'EndTime', 'StartTime'] as const;

/** Detection Finding `status_id` of a `SecurityAlert` status. */
function alertStatusId(status: string | undefined): number {
  switch (status?.toLowerCase()) {
    case undefined:
    case 'unknown':
      return 0;
    case 'new':
      return 1;
    case 'inprogress':
      return 2;
    case 'resolved':
      return 4;
    case 'dismissed':
      return 3;
    default:
      return 99;
  }
}

function alertAttacks(alert: RecordReader) {
  const tactics = listOf(alert.value('Tactics'))
    .map(tacticOf)
    .filter((tactic) => tactic !== undefined);
  const techniques = [
    ...listOf(alert.value('Techniques')),
    ...listOf(alert.value('SubTechniques')),
  ];
  const shared = tactics.length === 1 ? tactics[0] : undefined;
  if (techniques.length === 0) return attacks(tactics);
  return attacks([
    ...techniques.map((techniqueUid) => ({ ...shared, techniqueUid })),
    ...(shared ? [] : tactics),
  ]);
}

/** OCSF `confidence_score` (0–100) of `ConfidenceScore` (0–1). */
function confidenceScore(score: number | undefined): number | undefined {
  if (score === undefined || score < 0) return undefined;
  return Math.round(score <= 1 ? score * 100 : Math.min(score, 100));
}

/** `RemediationSteps`: a JSON array of steps, one per line, or free text as it is. */
function remediationOf(value: unknown): string | undefined {
  const parsed = jsonOf(value);
  const text = Array.isArray(parsed)
    ? parsed.filter((step) => typeof step === 'string' && step.trim() !== '').join('\n')
    : typeof parsed === 'string'
      ? parsed.trim()
      : '';
  return text || undefined;
}

/**
 * The analytic of an alert: Sentinel's scheduled and NRT rules name themselves in
 * `ExtendedProperties` (`Analytic Rule Name`, `Analytic Rule Ids`); other products give the
 * alert name and type.
 */
function analyticOf(alert: RecordReader): OcsfPart | undefined {
  const extended = jsonOf(alert.value('ExtendedProperties'));
  const properties = isRecord(extended) ? new RecordReader(extended) : undefined;
  const ruleName = properties?.string('Analytic Rule Name');
  const ruleIds = listOf(properties?.value('Analytic Rule Ids'));
  const name = ruleName ?? alert.string('AlertName');
  if (!name && ruleIds.length === 0) return undefined;
  return compact({
    name,
    uid: ruleIds.length === 1 ? ruleIds[0] : alert.string('AlertType'),
    type_id: 1,
  });
}

/**
 * Normalises one Microsoft Sentinel alert into an OCSF 1.8.0 Detection Finding (class 2004): a
 * `SecurityAlert` row of a Log Analytics query (columns by name; `Entities`,
 * `ExtendedProperties` and `RemediationSteps` as JSON text or parsed; `Tactics` / `Techniques`
 * as comma lists or JSON arrays), the same alert as Defender for Cloud exports it
 * (`AlertDisplayName`, `Severity`, `StartTimeUtc`), or an ARM alert resource (kind
 * `SecurityAlert`, `properties.alertDisplayName` …) of the incident alerts API.
 *
 * `SystemAlertId` is the finding's uid; `DisplayName` / `AlertName` its title; `AlertSeverity`
 * and `Status` (New, InProgress, Resolved, Dismissed) map to `severity_id` and `status_id`;
 * `Tactics` and `Techniques` to `attacks`; `AlertLink` to `finding_info.src_url`;
 * `ProductName` / `ProviderName` to the finding's product; the analytic rule (from
 * `ExtendedProperties` when Sentinel made the alert) to `finding_info.analytic`;
 * `RemediationSteps` to `remediation`; the `Entities` (host, account, ip, process, file, url,
 * dns, mailbox) to `evidences[]`, its first host also the finding's `device`. Other columns go
 * to `unmapped`. Unparseable optional times (`None`) are left out.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the column when the record is not an
 *   object, has no `SystemAlertId`, or no time (`TimeGenerated`, `ProcessingEndTime`, …).
 */
export function normalizeSentinelAlert(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const alert = new RecordReader(securityAlertRow(record));
  const uid = alert.requireString('SystemAlertId');
  const updated = requireLenientTime(alert, UPDATE_TIMES);
  const created = lenientTime(alert.value('StartTime'));
  const status = alert.string('Status');
  const statusId = alertStatusId(status);
  const severity = alert.string('AlertSeverity');
  const title = alert.string('DisplayName') ?? alert.string('AlertName') ?? uid;
  const evidences = sentinelEvidences(parseSentinelEntities(alert.value('Entities')));
  const device = evidences.find((evidence) => evidence['device'])?.['device'] as
    | OcsfPart
    | undefined;
  const product = alert.string('ProductName') ?? alert.string('ProviderName');
  const remediation = remediationOf(alert.value('RemediationSteps'));
  const event = {
    activity_id: findingActivityId(statusId === 3 || statusId === 4, { created, updated }),
    ...enumAttribute('severity', severityIdOf(severity), severity),
    ...findingStatus(statusId, status),
    time: updated,
    start_time: created,
    end_time: lenientTime(alert.value('EndTime')),
    is_alert: true,
    confidence_score: confidenceScore(alert.number('ConfidenceScore')),
    message: alert.string('Description') ?? title,
    finding_info: compact({
      uid,
      title,
      desc: alert.string('Description'),
      created_time: lenientTime(alert.value('TimeGenerated')),
      first_seen_time: created,
      last_seen_time: lenientTime(alert.value('EndTime')),
      src_url: alert.string('AlertLink'),
      types: [alert.string('AlertType'), alert.string('ProductComponentName')].filter(
        (type) => type !== undefined,
      ),
      product: product
        ? compact({ name: product, vendor_name: alert.string('VendorName') ?? 'Microsoft' })
        : undefined,
      analytic: analyticOf(alert),
      attacks: alertAttacks(alert),
    }),
    remediation: remediation ? { desc: remediation } : undefined,
    device,
    evidences: evidences.length > 0 ? evidences : undefined,
    metadata: {
      product: SENTINEL_PRODUCT,
      uid,
      original_time: alert.string('TimeGenerated'),
      tenant_uid: alert.string('TenantId'),
      event_code: alert.string('AlertType'),
    },
    unmapped: compact({
      ...alert.rest(MAPPED),
      compromised_entity: alert.string('CompromisedEntity'),
    }),
  };
  return buildEvent('detection_finding', event, {
    source: 'Microsoft Sentinel SecurityAlert row',
    record,
    options,
  });
}
