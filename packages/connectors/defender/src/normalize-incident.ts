import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  categoryAttacks,
  compact,
  enumAttribute,
  findingActivityId,
  findingStatus,
  findingTimes,
  type NormalizeOptions,
  RecordReader,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';
import type { IncidentFinding } from '@openmdr/core';
import { DEFENDER_XDR_PRODUCT, verdictId } from './defender-parts.js';

const MAPPED = new Set([
  'id',
  'displayName',
  'description',
  'summary',
  'severity',
  'status',
  'classification',
  'createdDateTime',
  'lastUpdateDateTime',
  'incidentWebUrl',
  'assignedTo',
  'alerts',
  'tags',
]);

/** The assignee group of incidents nobody is assigned to (OCSF requires one of the two). */
export const UNASSIGNED = 'Unassigned';

/** Incident Finding `status_id` of a Graph incident status. */
function incidentStatusId(status: string | undefined): number {
  switch (status?.toLowerCase()) {
    case undefined:
      return 0;
    case 'active':
      return 1;
    case 'inprogress':
      return 2;
    case 'awaitingaction':
      return 3;
    case 'resolved':
      return 4;
    case 'redirected':
      return 5;
    case 'unknown':
      return 0;
    default:
      return 99;
  }
}

/**
 * Normalises one Microsoft Defender XDR incident (Microsoft Graph `security/incidents`,
 * optionally with `$expand=alerts`) into an OCSF 1.8.0 Incident Finding (class 2005).
 *
 * Each expanded alert becomes an entry of `finding_info_list` (with its ATT&CK techniques); an
 * incident without expanded alerts lists itself. `status` (active, inProgress, awaitingAction,
 * resolved, redirected) maps to `status_id`; `classification` to `verdict_id`; `assignedTo` to
 * `assignee`; `incidentWebUrl` to `src_url`. Other fields go to `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `id`, or no `lastUpdateDateTime` / `createdDateTime`.
 */
export function normalizeDefenderIncident(
  record: unknown,
  options: NormalizeOptions = {},
): IncidentFinding & NormalizedEvent {
  const incident = new RecordReader(record);
  const uid = incident.requireString('id');
  const times = findingTimes(incident, 'createdDateTime', 'lastUpdateDateTime');
  const status = incident.string('status');
  const statusId = incidentStatusId(status);
  const classification = incident.string('classification');
  const title = incident.string('displayName') ?? uid;
  const alerts = incident.objects('alerts').map((alert) =>
    compact({
      uid: alert.string('id') ?? uid,
      title: alert.string('title'),
      desc: alert.string('description'),
      created_time: alert.time('createdDateTime'),
      modified_time: alert.time('lastUpdateDateTime'),
      src_url: alert.string('alertWebUrl'),
      types: [alert.string('category'), alert.string('serviceSource')],
      attacks: attacks(categoryAttacks(alert.string('category'), alert.strings('mitreTechniques'))),
    }),
  );
  const assignee = incident.string('assignedTo');
  const unmapped = incident.rest(MAPPED);
  const event = {
    activity_id: findingActivityId(statusId === 4 || statusId === 5, times),
    severity_id: severityIdOf(incident.string('severity')),
    ...findingStatus(statusId, status),
    ...enumAttribute('verdict', verdictId(classification), classification),
    time: times.updated,
    desc: incident.string('description') ?? incident.string('summary') ?? title,
    message: title,
    src_url: incident.string('incidentWebUrl'),
    finding_info_list:
      alerts.length > 0
        ? alerts
        : [
            compact({
              uid,
              title,
              created_time: times.created,
              modified_time: incident.time('lastUpdateDateTime'),
              types: incident.strings('tags'),
            }),
          ],
    // OCSF requires an assignee or an assignee group: an unassigned incident names the queue.
    ...(assignee
      ? {
          assignee: compact({
            name: assignee,
            email_addr: assignee.includes('@') ? assignee : undefined,
          }),
        }
      : { assignee_group: { name: UNASSIGNED } }),
    metadata: {
      product: DEFENDER_XDR_PRODUCT,
      uid,
      original_time: incident.string('lastUpdateDateTime'),
      labels: incident.strings('tags'),
    },
    unmapped,
  };
  return buildEvent('incident_finding', event, {
    source: 'Microsoft Defender XDR incident',
    record,
    options,
  });
}
