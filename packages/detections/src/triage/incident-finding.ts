/** Builds OCSF Incident Findings (class 2005) from incident records, with the core builders. */
import { type Clock, type IncidentFinding, ocsf } from '@openmdr/core';
import { findAttackTactic } from '../attack/tactics.js';
import type { IncidentRecord } from './grouping.js';

/** Options of {@link incidentToFinding}. */
export interface IncidentFindingOptions {
  /** Assignee group (the queue). */
  queue: string;
  /** Tenant id for `metadata.tenant_uid`. */
  tenantId?: string;
  /** Clock of the builder. */
  clock?: Clock;
  /** Redirect target of a merged incident (its survivor, after following every redirect). */
  redirectTo?: string;
}

/** Members listed in `finding_info_list` (the latest); `count` has the total. */
export const MAX_LISTED_MEMBERS = 500;

/** OCSF `priority_id` of a priority score: 1 Low, 2 Medium, 3 High, 4 Critical. */
export function priorityId(priority: number): 1 | 2 | 3 | 4 {
  if (priority >= 80) return 4;
  if (priority >= 60) return 3;
  if (priority >= 40) return 2;
  return 1;
}

const OBSERVABLE_TYPES: Record<string, { type_id: number; name: string }> = {
  host: { type_id: 1, name: 'device.hostname' },
  user: { type_id: 4, name: 'actor.user.name' },
  ip: { type_id: 2, name: 'device.ip' },
  indicator: { type_id: 99, name: 'osint.value' },
};

/**
 * The Incident Finding of a record. `activity_id` is 1 (Create) for a new incident, 2 (Update)
 * for a changed one, 3 (Close) for a closed or merged one; a merged incident has `status_id`
 * 99 (`Merged`) and names its survivor in `status_detail` and `unmapped.redirect_incident_uid`.
 */
export function incidentToFinding(
  record: IncidentRecord,
  activity: 'create' | 'update' | 'close',
  options: IncidentFindingOptions,
): IncidentFinding {
  const merged = record.status === 'merged';
  const survivor = options.redirectTo ?? record.mergedInto;
  const attacks = record.tactics.map((shortName) => {
    const tactic = findAttackTactic(shortName);
    return {
      tactic: {
        name: tactic?.name ?? shortName,
        ...(tactic?.id === undefined ? {} : { uid: tactic.id }),
      },
    };
  });
  const severity = Math.min(6, Math.max(1, record.severityId)) as 1 | 2 | 3 | 4 | 5 | 6;
  return ocsf.incidentFinding(
    {
      activity_id: activity === 'create' ? 1 : activity === 'update' ? 2 : 3,
      status_id: merged ? 99 : record.status === 'closed' ? 5 : 1,
      ...(merged ? { status: 'Merged', status_detail: `redirected to ${survivor}` } : {}),
      severity_id: severity,
      priority_id: priorityId(record.priority),
      risk_score: record.priority,
      time: record.lastTime,
      start_time: record.firstTime,
      end_time: record.lastTime,
      count: record.members.length,
      desc: `${record.members.length} finding(s) on ${record.entities.join(', ') || 'no entity'}${record.tactics.length > 0 ? `; tactics: ${record.tactics.join(' → ')}` : ''}`,
      assignee_group: { name: options.queue },
      finding_info_list: (record.members.length > 0
        ? record.members.slice(-MAX_LISTED_MEMBERS)
        : [{ findingUid: record.uid, title: 'merged incident', time: record.lastTime }]
      ).map((member) => ({
        uid: member.findingUid,
        title: member.title,
        first_seen_time: member.time,
      })),
      ...(attacks.length > 0 ? { attacks } : {}),
      observables: record.entities.map((entity) => {
        const kind = entity.slice(0, entity.indexOf(':'));
        const type = OBSERVABLE_TYPES[kind] ?? { type_id: 99, name: kind };
        return { ...type, value: entity.slice(entity.indexOf(':') + 1) };
      }),
      ...(merged && survivor !== undefined
        ? { unmapped: { redirect_incident_uid: survivor } }
        : {}),
      metadata: {
        uid: record.uid,
        product: { name: 'OpenMDR Triage', vendor_name: 'OpenMDR' },
        profiles: ['security_control', 'incident'],
        ...(options.tenantId === undefined ? {} : { tenant_uid: options.tenantId }),
      },
    } as never,
    options.clock === undefined ? {} : { clock: options.clock },
  );
}
