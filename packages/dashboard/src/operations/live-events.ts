/**
 * The bus events the live stream forwards, each reduced to a compact, secret-free view.
 *
 * @module
 */
import { redact } from '@openmdr/core';
import { findingRowOf, incidentOf } from '../recorder/finding-fields.js';

type Payload = Record<string, unknown>;

const pick = (payload: Payload, keys: readonly string[]): Payload => {
  const view: Payload = {};
  for (const key of keys) {
    const value = payload[key];
    if (value === undefined) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      view[key] = value;
    }
  }
  return view;
};

const record = (value: unknown): Payload =>
  typeof value === 'object' && value !== null ? (value as Payload) : {};

/**
 * How each forwarded event is reduced: ids, status, severity and title only, never the raw
 * finding, incident, command target or dead letter.
 */
const VIEWS: Readonly<Record<string, (payload: Payload, now: number) => Payload>> = {
  'finding.created': (payload, now) => {
    const row = findingRowOf(String(payload['id'] ?? ''), record(payload['finding']), now);
    return {
      id: row.id,
      title: row.title,
      severity: row.severity,
      severityId: row.severityId,
      source: row.source,
      score: row.score,
    };
  },
  'incident.created': (payload, now) => incidentView(payload, now),
  'incident.updated': (payload, now) => ({
    ...incidentView(payload, now),
    changes: Array.isArray(payload['changes'])
      ? payload['changes'].filter((change) => typeof change === 'string')
      : [],
  }),
  'action.requested': (payload) => pick(payload, ['id', 'action', 'incidentId']),
  'action.completed': (payload) => ({
    ...pick(payload, ['id', 'action', 'status']),
    ...(typeof record(payload['error'])['code'] === 'string'
      ? { errorCode: record(payload['error'])['code'] }
      : {}),
  }),
  'approval.requested': (payload) => pick(payload, ['id', 'actionId']),
  'approval.decided': (payload) => pick(payload, ['id', 'actionId', 'decision', 'by']),
  'approval.expired': (payload) => pick(payload, ['id', 'actionId']),
  'approval.escalated': (payload) => pick(payload, ['id', 'actionId', 'group']),
  'sla.at-risk': (payload) => pick(payload, ['incidentId', 'metric', 'dueAt', 'at']),
  'sla.breached': (payload) => pick(payload, ['incidentId', 'metric', 'dueAt', 'at']),
  'regulatory.at-risk': (payload) =>
    pick(payload, ['incidentId', 'clock', 'regulation', 'dueAt', 'at']),
  'regulatory.breached': (payload) =>
    pick(payload, ['incidentId', 'clock', 'regulation', 'dueAt', 'at']),
  'event.rejected': (payload) => pick(payload, ['pipeline']),
  'checkpoint.committed': (payload) => pick(payload, ['pipeline', 'source']),
  'case.changed': (payload) => ({
    ...pick(payload, ['id', 'at']),
    changes: Array.isArray(payload['changes'])
      ? payload['changes'].filter((change) => typeof change === 'string')
      : [],
  }),
};

/**
 * Events forwarded at most once per this many ms for each tenant and pipeline of a subscription:
 * a busy pipeline commits a checkpoint per batch, the page only needs to know its connector
 * table is stale.
 */
export const LIVE_EVENT_MIN_INTERVAL_MS: Readonly<Record<string, number>> = {
  'checkpoint.committed': 5_000,
};

function incidentView(payload: Payload, now: number): Payload {
  const incident = incidentOf(record(payload['incident']), now, undefined);
  return {
    id: typeof payload['id'] === 'string' ? payload['id'] : null,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    open: incident.open,
  };
}

/** The bus events the live stream forwards. */
export const LIVE_EVENT_TYPES: readonly string[] = Object.keys(VIEWS);

/** The compact view of a forwarded event's payload, redacted. */
export function liveDataOf(type: string, payload: unknown, now: number): Record<string, unknown> {
  const view = VIEWS[type];
  if (view === undefined) return {};
  return redact(view(record(payload), now));
}
