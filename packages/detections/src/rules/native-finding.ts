import { createHash } from 'node:crypto';
import { type DetectionFinding, ocsf } from '@openmdr/core';
import { attacksFromTags } from '../attack/enrich.js';
import { SIGMA_LEVEL_SEVERITY } from '../findings/sigma-finding.js';
import type { NativeRuleAlert } from './native-runner.js';

/** OCSF objects of an event that a Detection Finding's `evidences` can carry as they are. */
const evidenceKeys = [
  'actor',
  'device',
  'process',
  'file',
  'user',
  'src_endpoint',
  'dst_endpoint',
  'connection_info',
  'query',
  'reg_key',
  'reg_value',
  'script',
  'job',
  'win_service',
] as const;

/** Options of {@link nativeAlertToFinding}. */
export interface NativeFindingOptions {
  /** `metadata.product` of the finding; default `OpenMDR Native Rules`. */
  readonly productName?: string;
}

/**
 * Turns a native rule alert into a strictly valid OCSF Detection Finding (2004, activity
 * Create, status New, `is_alert` unless informational), in the shape of the Sigma findings of
 * `toDetectionFinding` (same severity table, analytic, ATT&CK `attacks`, `unmapped.rule_*`):
 * rule id and title in `finding_info.analytic`, the event's OCSF objects and the rule's context
 * as evidence, the event's `metadata.uid` as related event, the threshold count in `count`.
 */
export function nativeAlertToFinding(
  alert: NativeRuleAlert,
  options: NativeFindingOptions = {},
): DetectionFinding {
  const event = (
    typeof alert.event === 'object' && alert.event !== null ? alert.event : {}
  ) as Record<string, unknown>;
  const metadata = event.metadata as { uid?: unknown; tenant_uid?: unknown } | undefined;
  const eventUid = typeof metadata?.uid === 'string' ? metadata.uid : undefined;
  const tenant = typeof metadata?.tenant_uid === 'string' ? metadata.tenant_uid : undefined;
  const evidence: Record<string, unknown> = {};
  for (const key of evidenceKeys) {
    const value = event[key];
    if (typeof value === 'object' && value !== null) evidence[key] = value;
  }
  if (Object.keys(alert.context).length > 0) evidence.data = alert.context;
  const attacks = attacksFromTags(alert.tags);
  const device = event.device;
  const unmapped: Record<string, unknown> = { dedup_key: alert.dedupKey };
  if (alert.author !== undefined) unmapped.rule_author = alert.author;
  if (alert.tags.length > 0) unmapped.rule_tags = [...alert.tags];
  if (alert.references !== undefined && alert.references.length > 0) {
    unmapped.rule_references = [...alert.references];
  }
  return ocsf.detectionFinding({
    activity_id: 1,
    status_id: 1,
    severity_id: SIGMA_LEVEL_SEVERITY[alert.severity] ?? 3,
    is_alert: alert.severity !== 'informational',
    time: alert.lastSeen,
    count: alert.count,
    message: alert.title,
    finding_info: {
      uid: createHash('sha256').update(alert.uid).digest('hex').slice(0, 32),
      title: alert.title,
      ...(alert.description === undefined ? {} : { desc: alert.description }),
      types: ['Native Rule'],
      analytic: { type_id: 1, type: 'Rule', uid: alert.ruleId, name: alert.title },
      ...(attacks.length === 0 ? {} : { attacks }),
      first_seen_time: alert.firstSeen,
      last_seen_time: alert.lastSeen,
      ...(eventUid === undefined ? {} : { related_events: [{ uid: eventUid }] }),
    },
    ...(Object.keys(evidence).length === 0 ? {} : { evidences: [evidence] }),
    ...(typeof device === 'object' && device !== null ? { device } : {}),
    metadata: {
      product: { name: options.productName ?? 'OpenMDR Native Rules', vendor_name: 'OpenMDR' },
      profiles: ['security_control', 'host'],
      ...(tenant === undefined ? {} : { tenant_uid: tenant }),
    },
    unmapped,
  } as never);
}
