/**
 * Hunt hits as OCSF Detection Findings, built by `@openmdr/detections`' Sigma finding builder
 * (`toDetectionFinding`) so a hunt's finding reads like a streaming match's: the rule, its
 * ATT&CK tags, its author and licence (DRL 1.1 for SigmaHQ rules), plus the hunt's id, name,
 * target and query.
 *
 * @module
 */
import type { DetectionFinding } from '@openmdr/core';
import {
  findLogsourceMapping,
  mappedFields,
  mergeQueryMappings,
  readDottedPath,
  type SigmaEvidence,
  type SigmaMatch,
  type SigmaQueryMapping,
  type SigmaRule,
  sigmaBackend,
  toDetectionFinding,
} from '@openmdr/detections';
import type { Hunt, HuntHit, HuntResult } from './hunt.js';
import { ruleIdOf } from './plan.js';

/** Options of {@link huntHitToFinding}. */
export interface HuntFindingOptions {
  /**
   * The licence of rules that state none (SigmaHQ rules are under the DRL 1.1); default
   * `'DRL-1.1'`. Raw queries carry no rule licence.
   */
  readonly defaultLicense?: string | undefined;
}

/** A stand-in rule for a raw query's hits (no detection: the query is the detection). */
function rawQueryRule(hunt: Hunt, hit: HuntHit): SigmaRule {
  return {
    kind: 'rule',
    title: hit.title,
    id: hit.rule_id,
    author: hit.author,
    description: hunt.query?.description,
    references: [],
    taxonomy: 'sigma',
    source: { document: 0, line: 1 },
    raw: {},
    level: hit.level,
    tags: [...(hunt.query?.tags ?? [])],
    related: [],
    falsepositives: [],
    fields: [],
    scope: [],
    logsource: {},
    detection: { searches: new Map(), conditions: [] },
  };
}

function mappingOf(hunt: Hunt): SigmaQueryMapping | undefined {
  try {
    const base = sigmaBackend(hunt.target).defaultMapping;
    return hunt.mapping ? mergeQueryMappings(base, hunt.mapping) : base;
  } catch {
    return undefined;
  }
}

/**
 * The fields of the rule found in the record, with their values: each field a detection item
 * names, read under its Sigma name or the target field(s) the hunt's mapping gives it.
 */
export function hitEvidence(hunt: Hunt, rule: SigmaRule, event: unknown): SigmaEvidence[] {
  const mapping = mappingOf(hunt);
  const logsource = mapping ? findLogsourceMapping(mapping, rule.logsource) : undefined;
  const fields = new Set<string>();
  for (const search of rule.detection.searches.values()) {
    const items = search.kind === 'maps' ? search.maps.flat() : search.items;
    for (const item of items) if (item.field !== undefined) fields.add(item.field);
  }
  const evidence: SigmaEvidence[] = [];
  for (const field of fields) {
    const names = [field, ...((mapping && mappedFields(mapping, logsource, field)) ?? [])];
    for (const name of names) {
      const value = readDottedPath(event, name);
      if (value !== undefined) {
        evidence.push({ field, value });
        break;
      }
    }
  }
  return evidence;
}

/**
 * A hunt hit as an OCSF Detection Finding: `toDetectionFinding` of the rule (a stand-in for a
 * raw query) with the evidence found in the record, the event's time and identity (the
 * finding's uid is stable for a rule and record), `finding_info.types` `['Sigma', 'Hunt']`,
 * and in `unmapped`: `rule_author` (DRL 1.1), `rule_license` (not for raw queries and rules
 * generated from indicators, unless they state one), `hunt_id`, `hunt_name`, `hunt_target`,
 * `hunt_query`, `hunt_event_id`, and `indicator_id` for a retro-hunted indicator.
 */
export function huntHitToFinding(
  hunt: Hunt,
  hit: HuntHit,
  options: HuntFindingOptions = {},
): DetectionFinding {
  const rule =
    hunt.rules?.find((candidate) => ruleIdOf(candidate) === hit.rule_id) ?? rawQueryRule(hunt, hit);
  const isRaw = hunt.rules === undefined;
  const match: SigmaMatch = {
    ruleId: hit.rule_id,
    title: hit.title,
    level: hit.level,
    status: rule.status,
    tags: rule.tags,
    author: hit.author ?? rule.author,
    license: rule.license,
    evidence: isRaw ? [] : hitEvidence(hunt, rule, hit.event),
    rule,
  };
  const finding = toDetectionFinding(match, hit.event, {
    time: hit.observedAt,
    eventRef: hit.eventId,
    ...(options.defaultLicense === undefined ? {} : { defaultLicense: options.defaultLicense }),
  }) as DetectionFinding & Record<string, unknown>;
  const unmapped = { ...((finding['unmapped'] as Record<string, unknown> | undefined) ?? {}) };
  const indicator = rule.raw['indicator_id'];
  // raw queries and rules generated from indicators are no SigmaHQ rules: no DRL is claimed
  if ((isRaw || indicator !== undefined) && rule.license === undefined) {
    delete unmapped['rule_license'];
  }
  if (typeof indicator === 'string') unmapped['indicator_id'] = indicator;
  Object.assign(unmapped, {
    hunt_id: hunt.id,
    hunt_name: hunt.name,
    hunt_target: hunt.target,
    hunt_query: hit.query,
    ...(hit.eventId === undefined ? {} : { hunt_event_id: hit.eventId }),
  });
  const info = finding['finding_info'] as unknown as Record<string, unknown>;
  const types = Array.isArray(info['types']) ? (info['types'] as string[]) : [];
  return {
    ...finding,
    finding_info: { ...info, types: [...types, 'Hunt'] },
    unmapped,
  } as DetectionFinding;
}

/** Every hit of a hunt result as a Detection Finding ({@link huntHitToFinding}), in hit order. */
export function huntFindings(
  result: HuntResult,
  options: HuntFindingOptions = {},
): DetectionFinding[] {
  return result.hits.map((hit) => huntHitToFinding(result.hunt, hit, options));
}
