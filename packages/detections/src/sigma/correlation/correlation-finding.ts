import { createHash } from 'node:crypto';
import { type DetectionFinding, ocsf } from '@openmdr/core';
import { attacksFromTags } from '../../attack/enrich.js';
import { SIGMA_LEVEL_SEVERITY } from '../../findings/sigma-finding.js';
import type { CorrelationAlert } from './correlate.js';

/**
 * Turns a correlation alert into a strictly valid OCSF Detection Finding (2004): the
 * correlation's id and title as the analytic, `level` as severity (medium when absent), ATT&CK
 * from its tags, the group, window and contributing matches as evidence, the contributing
 * event references as related events, and the author (DRL 1.1 requires carrying it) in
 * `unmapped.rule_author`.
 */
export function correlationAlertToFinding(alert: CorrelationAlert): DetectionFinding {
  const attacks = attacksFromTags(alert.tags ?? []);
  const related = alert.matches
    .filter((match) => match.ref !== undefined)
    .map((match) => ({ uid: match.ref as string }));
  const unmapped: Record<string, unknown> = { correlation_type: alert.type, value: alert.value };
  if (alert.author !== undefined) unmapped.rule_author = alert.author;
  if (alert.tags !== undefined && alert.tags.length > 0) unmapped.rule_tags = [...alert.tags];
  return ocsf.detectionFinding({
    activity_id: 1,
    status_id: 1,
    severity_id: SIGMA_LEVEL_SEVERITY[alert.level ?? 'medium'] ?? 3,
    is_alert: alert.level !== 'informational',
    time: alert.windowEnd,
    count: alert.matches.length,
    message: alert.title,
    finding_info: {
      uid: createHash('sha256').update(alert.uid).digest('hex').slice(0, 32),
      title: alert.title,
      types: ['Sigma Correlation'],
      analytic: { type_id: 1, type: 'Rule', uid: alert.correlationId, name: alert.title },
      ...(attacks.length === 0 ? {} : { attacks }),
      first_seen_time: alert.windowStart,
      last_seen_time: alert.windowEnd,
      ...(related.length === 0 ? {} : { related_events: related }),
    },
    evidences: [
      {
        name: alert.correlationId,
        data: {
          group: alert.group,
          window_start: alert.windowStart,
          window_end: alert.windowEnd,
          matches: alert.matches,
        } as never,
      },
    ],
    metadata: {
      product: { name: 'OpenMDR Sigma', vendor_name: 'OpenMDR' },
      profiles: ['security_control'],
    },
    unmapped,
  } as never);
}
