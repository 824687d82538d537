import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  compact,
  enumAttribute,
  findingActivityId,
  findingStatus,
  findingTimes,
  type NormalizeOptions,
  type OcsfPart,
  RecordReader,
  severityIdOf,
  tacticOf,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import { SENTINEL_PRODUCT } from './normalize-common.js';
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

/** A list column: a JSON array string (`["T1059"]`), a comma list (`Execution, Persistence`), or an array. */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string');
  if (typeof value !== 'string' || value.trim() === '') return [];
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      return Array.isArray(parsed) ? parsed.filter((item) => typeof item === 'string') : [];
    } catch {
      return [];
    }
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0 && item.toLowerCase() !== 'unknown');
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

/**
 * Normalises one `SecurityAlert` row (a Log Analytics query result row, columns by name) into an
 * OCSF 1.8.0 Detection Finding (class 2004).
 *
 * `SystemAlertId` is the finding's uid; `AlertName` / `DisplayName` its title; `AlertSeverity`
 * and `Status` (New, InProgress, Resolved, Dismissed) map to `severity_id` and `status_id`;
 * `Tactics` and `Techniques` to `attacks`; `AlertLink` to `finding_info.src_url`;
 * `ProductName` / `ProviderName` to the finding's product; `RemediationSteps` to
 * `remediation`; the `Entities` JSON (host, account, ip, process, file, url, dns, mailbox) to
 * `evidences[]`, its first host also the finding's `device`. Other columns go to `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the column when the row is not an
 *   object, has no `SystemAlertId`, or no `TimeGenerated`.
 */
export function normalizeSentinelAlert(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const alert = new RecordReader(record);
  const uid = alert.requireString('SystemAlertId');
  const times = findingTimes(alert, 'StartTime', 'TimeGenerated');
  const updated = alert.requireTime('TimeGenerated');
  const status = alert.string('Status');
  const statusId = alertStatusId(status);
  const severity = alert.string('AlertSeverity');
  const title = alert.string('DisplayName') ?? alert.string('AlertName') ?? uid;
  const evidences = sentinelEvidences(parseSentinelEntities(alert.value('Entities')));
  const device = evidences.find((evidence) => evidence['device'])?.['device'] as
    | OcsfPart
    | undefined;
  const product = alert.string('ProductName') ?? alert.string('ProviderName');
  const remediation = listOf(alert.value('RemediationSteps')).join('\n');
  const event = {
    activity_id: findingActivityId(statusId === 3 || statusId === 4, {
      created: times.created,
      updated,
    }),
    ...enumAttribute('severity', severityIdOf(severity), severity),
    ...findingStatus(statusId, status),
    time: updated,
    start_time: alert.time('StartTime'),
    end_time: alert.time('EndTime'),
    is_alert: true,
    confidence_score: confidenceScore(alert.number('ConfidenceScore')),
    message: alert.string('Description') ?? title,
    finding_info: compact({
      uid,
      title,
      desc: alert.string('Description'),
      created_time: alert.time('TimeGenerated'),
      first_seen_time: alert.time('StartTime'),
      last_seen_time: alert.time('EndTime'),
      src_url: alert.string('AlertLink'),
      types: [alert.string('AlertType'), alert.string('ProductComponentName')].filter(
        (type) => type !== undefined,
      ),
      product: product
        ? compact({ name: product, vendor_name: alert.string('VendorName') ?? 'Microsoft' })
        : undefined,
      analytic: alert.string('AlertName')
        ? compact({ name: alert.string('AlertName'), uid: alert.string('AlertType'), type_id: 1 })
        : undefined,
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
