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
  RecordReader,
  severityIdOf,
  tacticOf,
} from '@openmdr/connector-kit/normalize';
import type { IncidentFinding } from '@openmdr/core';
import {
  jsonOf,
  lenientTime,
  listOf,
  requireLenientTime,
  SENTINEL_PRODUCT,
  sentinelVerdictId,
} from './normalize-common.js';
import { incidentOfRow, isSecurityIncidentRow } from './normalize-incident-row.js';

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

/** `additionalData` fields mapped or summarised above; the others go to `unmapped.additional_data`. */
const ADDITIONAL_DATA_MAPPED = new Set([
  'alertsCount',
  'bookmarksCount',
  'commentsCount',
  'alertProductNames',
  'providerIncidentUrl',
  'tactics',
  'techniques',
]);

/** The assignee group of incidents nobody owns (OCSF requires an assignee or a group). */
export const SENTINEL_UNASSIGNED = 'Unassigned';

/** A label: `{ labelName }` (ARM), `{ name }` (some clients) or a bare string. */
function labelOf(label: unknown): string | undefined {
  if (typeof label === 'string') return label || undefined;
  if (!isRecord(label)) return undefined;
  const reader = new RecordReader(label);
  return reader.string('labelName') ?? reader.string('name');
}

/** The last segment of an ARM resource id (`…/alertRules/<rule id>`), or the id itself. */
function resourceName(id: string): string {
  return id.split('/').filter(Boolean).at(-1) ?? id;
}

/**
 * The assignee of an incident's `owner`: a user (`assignedTo`, `email`, `userPrincipalName`,
 * `objectId`), or a group when `ownerType` says so; the `Unassigned` group when it names nobody.
 */
function assigneeOf(ownerValue: unknown) {
  const owner = isRecord(ownerValue) ? new RecordReader(ownerValue, 'properties.owner') : undefined;
  const objectId = owner?.string('objectId');
  const name =
    owner?.string('assignedTo') ?? owner?.string('userPrincipalName') ?? owner?.string('email');
  if (owner?.string('ownerType')?.toLowerCase() === 'group' && (name ?? objectId))
    return { assignee_group: compact({ name: name ?? objectId, uid: objectId }) };
  if (!name && !objectId) return { assignee_group: { name: SENTINEL_UNASSIGNED } };
  const email = owner?.string('email') ?? owner?.string('userPrincipalName');
  return {
    assignee: compact({
      name,
      uid: objectId,
      email_addr: email?.includes('@') ? email : undefined,
    }),
  };
}

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
 * Normalises one Microsoft Sentinel incident into an OCSF 1.8.0 Incident Finding (class 2005): an
 * ARM `Microsoft.SecurityInsights/incidents` resource (`{ id, name, etag, properties }`), Sentinel's
 * own or synced from Microsoft Defender XDR, or a row of the Log Analytics `SecurityIncident`
 * table (`IncidentName`, `Title`, `Owner` as JSON text, …), read as the resource it stands for.
 *
 * `properties.title`, `severity` (High, Medium, Low, Informational), `status` (New, Active,
 * Closed → `status_id` 1, 2, 5), `classification` (→ `verdict_id`, with the reason and comment
 * in `comment`), `owner` (→ `assignee`, a group when `ownerType` is `Group`, or the `Unassigned`
 * group), `incidentNumber` (`finding_info_list[].product_uid` and `metadata.correlation_uid`),
 * `providerName` / `providerIncidentId` (the finding's product and `uid_alt`), a single
 * `relatedAnalyticRuleIds` entry (the finding's analytic), `labels` (`metadata.labels`),
 * `additionalData.tactics` / `techniques` (`attacks`), `alertsCount` (`unmapped.alerts_count`)
 * and `incidentUrl` (`src_url`) are mapped; other fields go to `unmapped`. Unparseable optional
 * times (`None`) are left out.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `name` (nor an ARM `id`), or no `properties.lastModifiedTimeUtc` /
 *   `createdTimeUtc`.
 */
export function normalizeSentinelIncident(
  record: unknown,
  options: NormalizeOptions = {},
): IncidentFinding & NormalizedEvent {
  const incident = new RecordReader(isSecurityIncidentRow(record) ? incidentOfRow(record) : record);
  // an ARM resource names itself, and its id ends with the name
  const id = incident.string('id');
  const uid = incident.string('name') ?? (id ? resourceName(id) : incident.requireString('name'));
  const properties = incident.object('properties') ?? new RecordReader({}, 'properties');
  const created = lenientTime(properties.value('createdTimeUtc'));
  const updated =
    lenientTime(properties.value('lastModifiedTimeUtc')) ??
    created ??
    requireLenientTime(incident, ['properties.lastModifiedTimeUtc', 'TimeGenerated']);
  const times = { created, updated };
  const status = properties.string('status');
  const statusId = incidentStatusId(status);
  const classification = properties.string('classification');
  const title = properties.string('title') ?? uid;
  const labelValue = jsonOf(properties.value('labels'));
  const labels = [
    ...new Set(
      (Array.isArray(labelValue) ? labelValue : [])
        .map(labelOf)
        .filter((label): label is string => label !== undefined),
    ),
  ];
  const tactics = listOf(properties.value('additionalData.tactics'));
  const techniques = listOf(properties.value('additionalData.techniques'));
  const incidentNumber = properties.number('incidentNumber');
  const ruleIds = listOf(properties.value('relatedAnalyticRuleIds'));
  const provider = properties.string('providerName');
  const classificationNote = [
    properties.string('classificationReason'),
    properties.string('classificationComment'),
  ]
    .filter((part) => part !== undefined)
    .join(': ');
  const restOfProperties = properties.rest(MAPPED_PROPERTIES);
  const additional = properties.object('additionalData');
  const firstActivity = lenientTime(properties.value('firstActivityTimeUtc'));
  const lastActivity = lenientTime(properties.value('lastActivityTimeUtc'));
  const unmapped = compact({
    ...incident.rest(MAPPED),
    arm_id: incident.string('id'),
    alerts_count: properties.number('additionalData.alertsCount'),
    bookmarks_count: properties.number('additionalData.bookmarksCount'),
    comments_count: properties.number('additionalData.commentsCount'),
    alert_product_names: properties.strings('additionalData.alertProductNames'),
    provider_incident_url: additional?.string('providerIncidentUrl'),
    provider_incident_id: properties.string('providerIncidentId'),
    related_analytic_rule_ids: ruleIds,
    additional_data: additional?.rest(ADDITIONAL_DATA_MAPPED),
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
    time: updated,
    start_time: firstActivity,
    end_time: lastActivity,
    desc: properties.string('description') ?? title,
    message: title,
    comment: classificationNote || undefined,
    src_url: properties.string('incidentUrl'),
    finding_info_list: [
      compact({
        uid,
        uid_alt: properties.string('providerIncidentId'),
        title,
        desc: properties.string('description'),
        created_time: created,
        modified_time: lenientTime(properties.value('lastModifiedTimeUtc')),
        first_seen_time: firstActivity,
        last_seen_time: lastActivity,
        product_uid: incidentNumber === undefined ? undefined : String(incidentNumber),
        product: provider ? { name: provider } : undefined,
        src_url: properties.string('incidentUrl'),
        types: properties.strings('additionalData.alertProductNames'),
        analytic:
          ruleIds.length === 1 && ruleIds[0]
            ? { uid: resourceName(ruleIds[0]), type_id: 1 }
            : undefined,
        attacks: incidentAttacks(tactics, techniques),
      }),
    ],
    ...assigneeOf(jsonOf(properties.value('owner'))),
    metadata: {
      product: SENTINEL_PRODUCT,
      uid,
      original_time: properties.string('lastModifiedTimeUtc'),
      correlation_uid: incidentNumber === undefined ? undefined : String(incidentNumber),
      tenant_uid: incident.string('TenantId'),
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
