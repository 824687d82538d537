import type { AuditRecord } from '../audit/audit-record.js';
import type { ReportedAction } from './report-types.js';

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** Readable names of OpenC2 target types (the namespace of a profile's target is dropped). */
const TARGET_LABELS: Readonly<Record<string, string>> = {
  device: 'host',
  ipv4_net: 'IPv4',
  ipv6_net: 'IPv6',
  ipv4_connection: 'IPv4 connection',
  ipv6_connection: 'IPv6 connection',
  domain_name: 'domain',
  idn_domain_name: 'domain',
  email_addr: 'email',
  idn_email_addr: 'email',
  uri: 'URL',
  iri: 'URL',
  mac_addr: 'MAC',
  account: 'account',
  file: 'file',
  process: 'process',
};

/** The attributes that name a target, most telling first. */
const NAMING_KEYS = [
  'hostname',
  'name',
  'account_name',
  'user_name',
  'email',
  'device_id',
  'uid',
  'uuid',
  'id',
  'path',
  'pid',
] as const;

/**
 * A short text for an OpenC2 target: `host WS-FIN-042`, `account 6f1c…`, `IPv4 203.0.113.9`.
 * Profile targets (`er:account`, `slpf:rule_number`) are shown by their name without the profile.
 */
export function targetText(target: unknown): string {
  const [type, value] = Object.entries(record(target))[0] ?? ['unknown', undefined];
  const bare = type.includes(':') ? type.slice(type.indexOf(':') + 1) : type;
  const label = TARGET_LABELS[bare] ?? bare.replaceAll('_', ' ');
  if (typeof value === 'string' || typeof value === 'number') return `${label} ${value}`;
  const inner = record(value);
  const named = NAMING_KEYS.map((key) => inner[key]).find(
    (detail) => typeof detail === 'string' || typeof detail === 'number',
  );
  if (named !== undefined) return `${label} ${String(named)}`;
  const hashes = record(inner['hashes']);
  const hash = hashes['sha256'] ?? hashes['sha1'] ?? hashes['md5'];
  if (typeof hash === 'string') return `${label} ${hash}`;
  return Object.keys(inner).length > 0 ? `${label} ${JSON.stringify(value)}` : label;
}

/**
 * The outcome a `command.response` audit record reports. The command dispatcher records the
 * OpenC2 response (`status`: 2xx done, 102 still running, anything else failed); a playbook run
 * records whether its executor finished (`ok`). The last response of a request decides.
 */
export function responseOutcome(data: unknown): ReportedAction['outcome'] {
  const fields = record(data);
  if (typeof fields['ok'] === 'boolean') return fields['ok'] ? 'completed' : 'failed';
  const status = Number(fields['status']);
  if (status >= 200 && status < 300) return 'completed';
  if (status === 102) return 'pending';
  return 'failed';
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
    if (entry.type === 'command.response' && action.outcome !== 'refused')
      action.outcome = responseOutcome(entry.data);
  }
  return [...byRequest.values()].sort(
    (a, b) => a.at - b.at || a.requestId.localeCompare(b.requestId),
  );
}
