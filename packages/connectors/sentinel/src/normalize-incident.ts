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
  RecordReader,
  severityIdOf,
  tacticOf,
} from '@openmdr/connector-kit/normalize';
import type { IncidentFinding } from '@openmdr/core';
import { SENTINEL_PRODUCT, sentinelVerdictId } from './normalize-common.js';

/** Top-level ARM fields the normaliser maps; `properties` is mapped field by field. */
const MAPPED = new Set(['id', 'name', 'type', 'properties']);
/** Incident properties the normaliser maps; the others go to `unmapped.properties`. */
const MAPPED_PROPERTIES = new Set([
  'title',
  'description',
  'severity',
  'status',
  'classification',
  'classificationReason',
  'classificationComment',
  'owner',
  'labels',
  'incidentNumber',
  'incidentUrl',
  'createdTimeUtc',
  'lastModifiedTimeUtc',
  'firstActivityTimeUtc',
  'lastActivityTimeUtc',
  'additionalData',
  'relatedAnalyticRuleIds',
  'providerName',
  'providerIncidentId',
]);

/** The assignee group of incidents nobody owns (OCSF requires an assignee or a group). */
export const SENTINEL_UNASSIGNED = 'Unassigned';

/** Incident Finding `status_id` of a Sentinel incident status (New, Active, Closed). */
function incidentStatusId(status: string | undefined): number {
  switch (status?.toLowerCase()) {
    case undefined:
      return 0;
    case 'new':
      return 1;
    case 'active':
      return 2;
    case 'closed':
      return 5;
    default:
      return 99;
  }
}

/** ATT&CK of an incident: its tactic names (`InitialAccess`) and technique ids (`T1566`). */
function incidentAttacks(tactics: readonly string[], techniques: readonly string[]) {
  const tacticInputs = tactics.map(tacticOf).filter((tactic) => tactic !== undefined);
  if (techniques.length === 0) return attacks(tacticInputs);
  // Sentinel does not say which technique belongs to which tactic: a single tactic is shared,
  // otherwise the techniques are listed on their own
  const shared = tacticInputs.length === 1 ? tacticInputs[0] : undefined;
  return attacks([
    ...techniques.map((techniqueUid) => ({ ...shared, techniqueUid })),
    ...(shared ? [] : tacticInputs),
  ]);
}

/**
 * Normalises one Microsoft Sentinel incident (an ARM `Microsoft.SecurityInsights/incidents`
 * resource: `{ id, name, etag, properties }`) into an OCSF 1.8.0 Incident Finding (class 2005).
 *
 * `properties.title`, `severity` (High, Medium, Low, Informational), `status` (New, Active,
 * Closed → `status_id` 1, 2, 5), `classification` (→ `verdict_id`, with the reason and comment
 * in `comment`), `owner` (→ `assignee`, or the `Unassigned` group), `incidentNumber`
 * (`finding_info_list[].product_uid` and `metadata.correlation_uid`), `labels`
 * (`metadata.labels`), `additionalData.tactics` / `techniques` (`attacks`), `alertsCount`
 * (`unmapped.alerts_count`) and `incidentUrl` (`src_url`) are mapped; other fields go to
 * `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `name`, or no `properties.lastModifiedTimeUtc` / `createdTimeUtc`.
 */
export function normalizeSentinelIncident(
  record: unknown,
  options: NormalizeOptions = {},
): IncidentFinding & NormalizedEvent {
  const incident = new RecordReader(record);
  const uid = incident.requireString('name');
  const properties = incident.object('properties') ?? new RecordReader({}, 'properties');
  const times = findingTimes(
    incident,
    'properties.createdTimeUtc',
    'properties.lastModifiedTimeUtc',
  );
  const status = properties.string('status');
  const statusId = incidentStatusId(status);
  const classification = properties.string('classification');
  const title = properties.string('title') ?? uid;
  const owner = properties.object('owner');
  const ownerName =
    owner?.string('assignedTo') ?? owner?.string('userPrincipalName') ?? owner?.string('email');
  const email = owner?.string('email') ?? owner?.string('userPrincipalName');
  const labels = properties
    .objects('labels')
    .map((label) => label.string('labelName'))
    .filter((label): label is string => label !== undefined);
  const tactics = properties.strings('additionalData.tactics');
  const techniques = properties.strings('additionalData.techniques');
  const incidentNumber = properties.number('incidentNumber');
  const classificationNote = [
    properties.string('classificationReason'),
    properties.string('classificationComment'),
  ]
    .filter((part) => part !== undefined)
    .join(': ');
  const restOfProperties = properties.rest(MAPPED_PROPERTIES);
  const additional = properties.object('additionalData');
  const unmapped = compact({
    ...incident.rest(MAPPED),
    arm_id: incident.string('id'),
    alerts_count: properties.number('additionalData.alertsCount'),
    bookmarks_count: properties.number('additionalData.bookmarksCount'),
    comments_count: properties.number('additionalData.commentsCount'),
    alert_product_names: properties.strings('additionalData.alertProductNames'),
    provider_incident_url: additional?.string('providerIncidentUrl'),
    related_analytic_rule_ids: properties.strings('relatedAnalyticRuleIds'),
    properties: restOfProperties,
  });
  const event = {
    activity_id: findingActivityId(statusId === 5, times),
    ...enumAttribute(
      'severity',
      severityIdOf(properties.string('severity')),
      properties.string('severity'),
    ),
    ...findingStatus(statusId, status),
    ...enumAttribute('verdict', sentinelVerdictId(classification), classification),
    time: times.updated,
    start_time: properties.time('firstActivityTimeUtc'),
    end_time: properties.time('lastActivityTimeUtc'),
    desc: properties.string('description') ?? title,
    message: title,
    comment: classificationNote || undefined,
    src_url: properties.string('incidentUrl'),
    finding_info_list: [
      compact({
        uid,
        title,
        desc: properties.string('description'),
        created_time: times.created,
        modified_time: properties.time('lastModifiedTimeUtc'),
        first_seen_time: properties.time('firstActivityTimeUtc'),
        last_seen_time: properties.time('lastActivityTimeUtc'),
        product_uid: incidentNumber === undefined ? undefined : String(incidentNumber),
        src_url: properties.string('incidentUrl'),
        types: properties.strings('additionalData.alertProductNames'),
        attacks: incidentAttacks(tactics, techniques),
      }),
    ],
    ...(ownerName
      ? {
          assignee: compact({
            name: ownerName,
            uid: owner?.string('objectId'),
            email_addr: email?.includes('@') ? email : undefined,
          }),
        }
      : { assignee_group: { name: SENTINEL_UNASSIGNED } }),
    metadata: {
      product: SENTINEL_PRODUCT,
      uid,
      original_time: properties.string('lastModifiedTimeUtc'),
      correlation_uid: incidentNumber === undefined ? undefined : String(incidentNumber),
      labels,
    },
    unmapped,
  };
  return buildEvent('incident_finding', event, {
    source: 'Microsoft Sentinel incident',
    record,
    options,
  });
}
