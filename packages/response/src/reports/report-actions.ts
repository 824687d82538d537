import type { AuditRecord } from '../audit/audit-record.js';
import type { ReportedAction } from './report-types.js';

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** A short text for an OpenC2 target: `device a1f0…`, `er:account 6f1c…`, `ipv4_net 203.0.113.9`. */
function targetText(target: unknown): string {
  const [type, value] = Object.entries(record(target))[0] ?? ['?', undefined];
  const inner = record(value);
  const detail =
    typeof value === 'string'
      ? value
      : (inner['hostname'] ??
        inner['device_id'] ??
        inner['uid'] ??
        inner['account_name'] ??
        JSON.stringify(value));
  return `${type} ${String(detail)}`;
}

/** The response actions of the period, from the audit log (one per request id, in time order). */
export function actionsFromAudit(
  audit: readonly AuditRecord[],
  start: number,
  end: number,
): ReportedAction[] {
  const byRequest = new Map<string, ReportedAction>();
  for (const entry of audit) {
    if (entry.requestId === undefined || entry.requestId.endsWith(':undo')) continue;
    const data = record(entry.data);
    let action = byRequest.get(entry.requestId);
    if (entry.type === 'command.received') {
      if (entry.at < start || entry.at >= end) continue;
      action = {
        requestId: entry.requestId,
        at: entry.at,
        kind: String(data['kind'] ?? '?'),
        target: targetText(record(data['command'])['target']),
        requestedBy: entry.actor,
        outcome: 'pending',
        approvedBy: null,
      };
      byRequest.set(entry.requestId, action);
      continue;
    }
    if (action === undefined) continue;
    if (entry.type === 'command.refused') action.outcome = 'refused';
    if (entry.type === 'approval.decided') {
      const decision = String(data['decision'] ?? data['status'] ?? '');
      if (decision.startsWith('approve')) action.approvedBy = String(data['by'] ?? entry.actor);
      else action.outcome = 'refused';
    }
    if (entry.type === 'command.response') {
      const status = Number(data['status']);
      action.outcome =
        status >= 200 && status < 300 ? 'completed' : status === 102 ? 'pending' : 'failed';
    }
  }
  return [...byRequest.values()].sort(
    (a, b) => a.at - b.at || a.requestId.localeCompare(b.requestId),
  );
}
