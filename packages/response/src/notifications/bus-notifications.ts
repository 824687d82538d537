import type { OpenMdrEvents } from '@openmdr/core';
import '../sla/sla-events.js';
import { type Notification, type NotificationSeverity, severityFromOcsf } from './notification.js';

/** The bus events {@link NotificationRouter.subscribe} turns into notifications. */
export const NOTIFIED_BUS_EVENTS = [
  'finding.created',
  'incident.created',
  'approval.requested',
  'action.completed',
  'sla.at-risk',
  'sla.breached',
  'regulatory.at-risk',
  'regulatory.breached',
] as const satisfies readonly (keyof OpenMdrEvents)[];

/** A bus event the router maps. */
export type NotifiedBusEvent = (typeof NOTIFIED_BUS_EVENTS)[number];

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/** The notification of a bus event (pure). */
export function notificationFromBusEvent<Name extends NotifiedBusEvent>(
  name: Name,
  payload: OpenMdrEvents[Name],
  now: number,
): Notification {
  const p = payload as Record<string, unknown> & { tenant: string };
  const base = { tenant: p.tenant, event: name, occurredAt: now };
  switch (name) {
    case 'finding.created':
    case 'incident.created': {
      const finding = record(p[name === 'finding.created' ? 'finding' : 'incident']);
      const info = record(finding['finding_info']);
      const id = String(p['id']);
      const kind = name === 'finding.created' ? 'Finding' : 'Incident';
      return {
        ...base,
        severity: severityFromOcsf(finding['severity_id']),
        title: `${kind}: ${String(info['title'] ?? id)}`,
        summary: String(info['desc'] ?? finding['message'] ?? `${kind} ${id} was created.`),
        dedupKey: `${name}:${id}`,
        ...(name === 'incident.created' ? { incidentId: id } : {}),
      };
    }
    case 'approval.requested':
      return {
        ...base,
        severity: 'high',
        title: 'Approval needed for a response action',
        summary: String(p['reason']),
        dedupKey: `approval:${String(p['id'])}`,
        fields: { Approval: String(p['id']), Action: String(p['actionId']) },
      };
    case 'action.completed': {
      const failed = p['status'] === 'failed';
      const error = record(p['error']);
      return {
        ...base,
        severity: failed ? 'high' : 'info',
        title: `Response action ${String(p['action'])} ${String(p['status'])}`,
        summary: failed
          ? `The action failed: ${String(error['message'] ?? error['code'] ?? 'unknown error')}`
          : `The action ${String(p['action'])} completed.`,
        dedupKey: `action:${String(p['id'])}`,
        fields: { Action: String(p['action']), Status: String(p['status']) },
      };
    }
    case 'sla.at-risk':
    case 'sla.breached': {
      const breached = name === 'sla.breached';
      const severity: NotificationSeverity = breached ? 'critical' : 'high';
      const due = new Date(Number(p['dueAt'])).toISOString();
      return {
        ...base,
        severity,
        title: `SLA ${breached ? 'breached' : 'at risk'}: ${String(p['metric']).toUpperCase()} on case ${String(p['incidentId'])}`,
        summary: breached
          ? `The ${String(p['metric'])} target passed at ${due}.`
          : `${minutes(Number(p['elapsedMs']))} of ${minutes(Number(p['targetMs']))} used; due ${due}.`,
        dedupKey: `sla:${String(p['incidentId'])}:${String(p['metric'])}:${breached ? 'breached' : 'at-risk'}`,
        caseId: String(p['incidentId']),
        fields: { Metric: String(p['metric']), Due: due },
      };
    }
    default: {
      const breached = name === 'regulatory.breached';
      const due = new Date(Number(p['dueAt'])).toISOString();
      return {
        ...base,
        severity: 'critical',
        title: `${String(p['regulation']).toUpperCase()} notification ${breached ? 'overdue' : 'due soon'} (case ${String(p['incidentId'])})`,
        summary: `The ${String(p['clock'])} deadline ${breached ? 'passed' : 'falls'} at ${due}.`,
        dedupKey: `regulatory:${String(p['incidentId'])}:${String(p['clock'])}:${breached ? 'breached' : 'at-risk'}`,
        caseId: String(p['incidentId']),
        fields: { Regulation: String(p['regulation']), Clock: String(p['clock']), Due: due },
      };
    }
  }
}
