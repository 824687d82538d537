/**
 * The triage pipeline over a batch of findings: score each, set aside the suppressed (counted
 * per rule, returned with the rule's reason and owner), fold duplicates and hold findings below
 * the threshold, add emitted findings to entity risk and group them into incidents. A pure
 * function of (state, findings, config, now) → (new state, outputs); the state is plain JSON.
 */
import { type Clock, type IncidentFinding, type OcsfEvent, systemClock } from '@openmdr/core';
import {
  addEntityRiskTo,
  type EntityRiskState,
  emptyEntityRiskState,
} from '../scoring/entity-risk.js';
import {
  applyFindingScore,
  type FindingScore,
  type ScoringContext,
  scoreFinding,
} from '../scoring/score-finding.js';
import type { ScoringConfig } from '../scoring/scoring-config.js';
import { type DedupEntry, dedupFinding, dedupKey } from './dedup.js';
import { findingTime, findingUid, stringsAt } from './finding-fields.js';
import {
  closeIdleIncidents,
  copyGroupingState,
  emptyGroupingState,
  findingAttack,
  forgetFinishedIncidents,
  type GroupingState,
  groupingEntities,
  groupMember,
  resolveIncident,
} from './grouping.js';
import { incidentToFinding } from './incident-finding.js';
import { findSuppression } from './suppression.js';
import type { TriageConfig } from './triage-config.js';

/** The triage state of a tenant. */
export interface TriageState {
  version: 1;
  /** Dedup entries by key. */
  dedup: Record<string, DedupEntry>;
  /** Findings suppressed, by suppression rule id. */
  suppressedCounts: Record<string, number>;
  /** Entity risk. */
  entityRisk: EntityRiskState;
  /** Incident grouping. */
  grouping: GroupingState;
}

/** An empty triage state. */
export function emptyTriageState(): TriageState {
  return {
    version: 1,
    dedup: {},
    suppressedCounts: {},
    entityRisk: emptyEntityRiskState(),
    grouping: emptyGroupingState(),
  };
}

/** One finding to triage, with optional scoring context. */
export interface TriageInput {
  /** An OCSF Detection Finding (typed as `@openmdr/core` builds it, or as a plain record). */
  finding: OcsfEvent | Record<string, unknown>;
  /** Context for the score (rule confidence, …). */
  context?: ScoringContext;
}

/** A finding that passed triage, scored, with its incident. */
export interface TriagedFinding {
  /** The finding with `risk_score`, `risk_level_id`, `risk_details`. */
  finding: Record<string, unknown>;
  /** The score and its explanation. */
  score: FindingScore;
  /** Dedup key. */
  dedupKey: string;
  /** Findings of the key in the dedup period so far. */
  count: number;
  /** The incident it was grouped into (when it has a grouping entity). */
  incidentUid?: string;
}

/** The result of {@link triageFindings}. */
export interface TriageResult {
  /** The new state. */
  state: TriageState;
  /** Findings to alert on. */
  findings: TriagedFinding[];
  /** Findings folded into an earlier one of their key. */
  duplicates: { findingUid: string; dedupKey: string; count: number; emittedUid?: string }[];
  /** Findings held below the threshold (counted in the dedup entry). */
  pending: { findingUid: string; dedupKey: string; count: number; threshold: number }[];
  /** Suppressed findings with the rule that suppressed them. */
  suppressed: {
    finding: Record<string, unknown>;
    score: FindingScore;
    suppression: { id: string; reason: string; owner: string; expiresAt: number };
  }[];
  /** Incident Findings of every incident created, changed, merged or closed by this batch. */
  incidents: IncidentFinding[];
}

/** Options of {@link triageFindings}. */
export interface TriageOptions {
  /** Scoring configuration (from `resolveScoringConfig`). */
  scoring: ScoringConfig;
  /** Triage configuration (from `resolveTriageConfig`). */
  triage: TriageConfig;
  /** Processing time: suppression expiry and entity risk. Default: the clock's now. */
  now?: number;
  /** Clock (default: the system clock). */
  clock?: Clock;
  /** Tenant id written onto incidents. */
  tenantId?: string;
}

/**
 * Triages a batch of findings.
 *
 * @example
 * ```ts
 * let state = emptyTriageState();
 * const result = triageFindings(state, findings.map((finding) => ({ finding })), {
 *   scoring: resolveScoringConfig(tenant.scoring),
 *   triage: resolveTriageConfig(tenant.triage),
 * });
 * state = result.state; // store it
 * ```
 */
export function triageFindings(
  state: TriageState,
  inputs: readonly TriageInput[],
  options: TriageOptions,
): TriageResult {
  const now = options.now ?? (options.clock ?? systemClock).now();
  const { triage: config } = options;
  const dedup = { ...state.dedup };
  const suppressedCounts = { ...state.suppressedCounts };
  const entityRisk: EntityRiskState = { version: 1, entities: { ...state.entityRisk.entities } };
  const grouping = copyGroupingState(state.grouping);
  const result: Omit<TriageResult, 'state'> = {
    findings: [],
    duplicates: [],
    pending: [],
    suppressed: [],
    incidents: [],
  };
  const touched = new Map<string, 'create' | 'update'>();
  const merged = new Set<string>();
  for (const { finding: record, context } of inputs) {
    const input = { finding: record as Record<string, unknown>, context };
    const score = scoreFinding(input.finding, options.scoring, input.context);
    const suppression = findSuppression(config.suppressions, input.finding, now);
    if (suppression !== undefined) {
      suppressedCounts[suppression.id] = (suppressedCounts[suppression.id] ?? 0) + 1;
      result.suppressed.push({
        finding: input.finding,
        score,
        suppression: {
          id: suppression.id,
          reason: suppression.reason,
          owner: suppression.owner,
          expiresAt: suppression.expiresAt,
        },
      });
      continue;
    }
    const uid = findingUid(input.finding);
    const time = findingTime(input.finding, now);
    const key = dedupKey(input.finding, config);
    const decision = dedupFinding(dedup, key, time, uid, config);
    if (decision.action === 'duplicate') {
      result.duplicates.push({
        findingUid: uid,
        dedupKey: key,
        count: decision.entry.count,
        ...(decision.entry.emittedUid === undefined
          ? {}
          : { emittedUid: decision.entry.emittedUid }),
      });
      continue;
    }
    if (decision.action === 'below-threshold') {
      result.pending.push({
        findingUid: uid,
        dedupKey: key,
        count: decision.entry.count,
        threshold: config.dedup.threshold,
      });
      continue;
    }
    const finding = applyFindingScore(input.finding, score);
    addEntityRiskTo(entityRisk, finding, score.score, Math.max(now, time), options.scoring);
    const entities = groupingEntities(finding, config);
    const triaged: TriagedFinding = { finding, score, dedupKey: key, count: decision.entry.count };
    if (entities.length > 0) {
      const attack = findingAttack(finding);
      const outcome = groupMember(
        grouping,
        {
          findingUid: uid,
          title: stringsAt(finding, 'finding_info.title')[0] ?? uid,
          time,
          score: score.score,
          severityId:
            typeof finding['severity_id'] === 'number' ? (finding['severity_id'] as number) : 0,
          tactics: attack.tactics,
          techniques: attack.techniques,
          entities,
        },
        config,
      );
      triaged.incidentUid = outcome.incidentUid;
      if (!touched.has(outcome.incidentUid) || outcome.created)
        touched.set(
          outcome.incidentUid,
          outcome.created ? 'create' : (touched.get(outcome.incidentUid) ?? 'update'),
        );
      for (const uidMerged of outcome.merged) {
        merged.add(uidMerged);
        touched.delete(uidMerged);
      }
    }
    result.findings.push(triaged);
  }
  const closed = closeIdleIncidents(grouping, config);
  const incidentOptions = {
    queue: config.grouping.queue,
    ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  };
  for (const [uid, activity] of touched) {
    const record = grouping.incidents[uid];
    if (record === undefined || record.status !== 'open') continue;
    result.incidents.push(incidentToFinding(record, activity, incidentOptions));
  }
  for (const uid of [...merged, ...closed]) {
    const record = grouping.incidents[uid];
    if (record === undefined) continue;
    result.incidents.push(
      incidentToFinding(record, 'close', {
        ...incidentOptions,
        redirectTo: resolveIncident(grouping, uid),
      }),
    );
  }
  forgetFinishedIncidents(grouping);
  for (const [key, entry] of Object.entries(dedup))
    if (entry.last < grouping.watermark - config.dedup.periodMs - config.grouping.allowedLatenessMs)
      delete dedup[key];
  return { state: { version: 1, dedup, suppressedCounts, entityRisk, grouping }, ...result };
}
