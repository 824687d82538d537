/**
 * Sigma matches as OCSF Detection Findings (class 2004).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { type DetectionFinding, ocsf } from '@openmdr/core';
import { attacksFromTags } from '../attack/enrich.js';
import type { SigmaMatch } from '../sigma/engine.js';

/** Sigma `level` → OCSF `severity_id`. */
export const SIGMA_LEVEL_SEVERITY: Readonly<Record<string, 1 | 2 | 3 | 4 | 5>> = {
  informational: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/** Options of {@link toDetectionFinding}. */
export interface SigmaFindingOptions {
  /** The finding time (epoch ms); defaults to the event's `time`, else `Date.now()`. */
  readonly time?: number | undefined;
  /**
   * The licence of rules that do not state one. SigmaHQ rules are under the Detection Rule
   * License 1.1; defaults to `'DRL-1.1'`.
   */
  readonly defaultLicense?: string | undefined;
  /** A reference to the event (e.g. its `metadata.uid` or a line number), kept as related event. */
  readonly eventRef?: string | undefined;
}

/**
 * Turns a Sigma match into a strictly valid OCSF Detection Finding, built with
 * `ocsf.detectionFinding` from `@openmdr/core`:
 *
 * - `finding_info`: `uid` (stable hash of rule id and event reference), `title`, `desc`,
 *   `analytic` (`uid` = rule id, `name` = title, `type` Rule), `attacks` from the ATT&CK tags,
 *   `types: ['Sigma']`, `src_url` = first reference;
 * - `severity_id` from `level` (informational 1 … critical 5), `status_id` New, `is_alert`
 *   false for informational rules;
 * - `evidences[0].data`: the matched fields and values, the rule's logsource;
 * - `unmapped`: `rule_author`, `rule_license`, `rule_status`, `rule_tags`,
 *   `rule_falsepositives`, `rule_references` — the author travels with every finding, as the
 *   DRL 1.1 requires.
 */
export function toDetectionFinding(
  match: SigmaMatch,
  event?: unknown,
  options: SigmaFindingOptions = {},
): DetectionFinding {
  const rule = match.rule;
  const time = options.time ?? eventTime(event) ?? Date.now();
  const attacks = attacksFromTags(match.tags);
  const evidence: Record<string, unknown> = {};
  for (const entry of match.evidence) {
    evidence[entry.field ?? 'keywords'] = entry.value;
  }
  const unmapped: Record<string, unknown> = {
    rule_license: match.license ?? options.defaultLicense ?? 'DRL-1.1',
  };
  if (match.author !== undefined) unmapped['rule_author'] = match.author;
  if (match.status !== undefined) unmapped['rule_status'] = match.status;
  if (match.tags.length > 0) unmapped['rule_tags'] = [...match.tags];
  if (rule.falsepositives.length > 0) unmapped['rule_falsepositives'] = [...rule.falsepositives];
  if (rule.references.length > 0) unmapped['rule_references'] = [...rule.references];
  const ruleUid = match.ruleId ?? rule.name ?? rule.title;
  const uid = createHash('sha256')
    .update(`${ruleUid}\u0000${options.eventRef ?? JSON.stringify(evidence)}\u0000${time}`)
    .digest('hex')
    .slice(0, 32);
  const reference = rule.references[0];
  const level = match.level ?? 'medium';
  return ocsf.detectionFinding({
    activity_id: 1,
    status_id: 1,
    severity_id: SIGMA_LEVEL_SEVERITY[level] ?? 3,
    is_alert: level !== 'informational',
    time,
    message: match.title,
    finding_info: {
      uid,
      title: match.title,
      ...(rule.description === undefined ? {} : { desc: rule.description }),
      types: ['Sigma'],
      analytic: { type_id: 1, type: 'Rule', uid: ruleUid, name: match.title },
      ...(attacks.length === 0 ? {} : { attacks }),
      ...(reference === undefined ? {} : { src_url: reference }),
      ...(options.eventRef === undefined ? {} : { related_events: [{ uid: options.eventRef }] }),
    },
    evidences: [
      {
        name: ruleUid,
        data: { fields: evidence, logsource: { ...rule.logsource } } as never,
      },
    ],
    metadata: {
      product: { name: 'OpenMDR Sigma', vendor_name: 'OpenMDR' },
      profiles: ['security_control'],
    },
    unmapped,
  } as never);
}

function eventTime(event: unknown): number | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const time = (event as { time?: unknown }).time;
  return typeof time === 'number' && Number.isFinite(time) ? time : undefined;
}
