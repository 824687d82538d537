import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  compact,
  type NormalizeOptions,
  type OcsfPart,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import {
  DARKTRACE_PRODUCT,
  darktraceAttacks,
  darktraceDevice,
  darktraceSeverity,
} from './normalize-common.js';

/** Incident fields the normaliser maps; the others go to `unmapped`. */
const MAPPED = new Set([
  'id',
  'groupId',
  'title',
  'summary',
  'aiaScore',
  'groupScore',
  'category',
  'groupCategory',
  'createdAt',
  'periods',
  'breachDevices',
  'devices',
  'relatedBreaches',
  'breaches',
  'mitreTactics',
  'mitreTechniques',
  'acknowledged',
]);

/** Epoch ms bounds of the incident's activity periods. */
function periodBounds(incident: RecordReader): {
  first: number | undefined;
  last: number | undefined;
} {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const period of incident.objects('periods')) {
    const start = period.time('start');
    const end = period.time('end');
    if (start !== undefined) starts.push(start);
    if (end !== undefined) ends.push(end);
  }
  return {
    first: starts.length > 0 ? Math.min(...starts) : undefined,
    last: ends.length > 0 ? Math.max(...ends) : undefined,
  };
}

/**
 * Normalises one Darktrace AI Analyst incident event (`GET /aianalyst/incidentevents`) into an
 * OCSF 1.8.0 Detection Finding (class 2004).
 *
 * `id` is `finding_info.uid`, `groupId` `finding_info.uid_alt` and the correlation uid (the events
 * of one incident share it); `title` and `summary` the title and description; `category`
 * (critical, suspicious, compliance…) a finding type; `aiaScore` (0–100) the severity by the bands
 * of {@link darktraceSeverity} and `risk_score`; `periods` the first and last seen times; the first
 * of `breachDevices` (or `devices`) becomes `device` and every one an evidence; `relatedBreaches`
 * (or `breaches`) become related events; ATT&CK from `mitreTactics` / `mitreTechniques`.
 * Other fields go to `unmapped`.
 *
 * @throws {NormalizationError} naming the field when the record has no `id` or no `createdAt`.
 */
export function normalizeDarktraceIncident(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const incident = new RecordReader(record);
  const uid = incident.requireString('id');
  const created = incident.requireTime('createdAt');
  const title = incident.string('title') ?? `Darktrace AI Analyst incident ${uid}`;
  const aiaScore = incident.number('aiaScore');
  const groupScore = incident.number('groupScore');
  const score = aiaScore ?? groupScore;
  const deviceReaders = [...incident.objects('breachDevices'), ...incident.objects('devices')];
  const devices = deviceReaders
    .map((device) => darktraceDevice(device))
    .filter((device): device is OcsfPart => device !== undefined);
  const breaches = [...incident.objects('relatedBreaches'), ...incident.objects('breaches')];
  const category = incident.string('category');
  const { first, last } = periodBounds(incident);
  const groupId = incident.string('groupId');
  return buildEvent(
    'detection_finding',
    {
      activity_id: 1,
      severity_id: darktraceSeverity(score === undefined ? undefined : score / 100),
      status_id: incident.boolean('acknowledged') === true ? 4 : 1,
      risk_score: score === undefined ? undefined : Math.round(score),
      time: created,
      is_alert: true,
      message: title,
      finding_info: {
        uid,
        uid_alt: groupId,
        title,
        desc: incident.string('summary'),
        created_time: created,
        first_seen_time: first,
        last_seen_time: last,
        types: ['AI Analyst incident', category].filter(
          (type): type is string => type !== undefined,
        ),
        attacks: attacks(
          darktraceAttacks(
            [],
            incident.strings('mitreTechniques'),
            incident.strings('mitreTactics'),
          ),
        ),
        related_events: breaches.map((breach) =>
          compact({
            uid: String(breach.value('pbid') ?? ''),
            title: breach.string('modelName'),
            first_seen_time: breach.time('timestamp'),
            severity_id: darktraceSeverity(
              breach.number('threatScore') === undefined
                ? undefined
                : (breach.number('threatScore') as number) / 100,
            ),
            product: { name: DARKTRACE_PRODUCT.name, vendor_name: DARKTRACE_PRODUCT.vendor_name },
          }),
        ),
      },
      device: devices[0],
      evidences: devices.map((device) => ({ device })),
      metadata: {
        product: DARKTRACE_PRODUCT,
        uid,
        correlation_uid: groupId,
        profiles: ['security_control'],
        original_time: String(incident.value('createdAt')),
      },
      unmapped: compact({
        ...(incident.rest(MAPPED) ?? {}),
        groupScore,
        groupCategory: incident.string('groupCategory'),
        aiaScore,
        periods: incident.value('periods'),
      }),
    },
    { source: 'Darktrace AI Analyst incident', record, options },
  );
}
