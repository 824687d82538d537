/** Suppression proposals: recurring false positives of a rule, turned into a suppression to review. */
import { createHash } from 'node:crypto';
import { type SuppressionRule, suppressionMatches } from '@openmdr/detections';
import { latestVerdicts } from './latest-verdicts.js';
import type { FindingEntityKind, FindingFacts, Verdict } from './verdict-types.js';

/** One condition of a proposal: the entity of a kind at a path has this value. */
export interface SuppressionCondition {
  kind: FindingEntityKind;
  /** The finding attribute it is read at. */
  path: string;
  value: string;
}

/** A proposal as {@link proposeSuppressions} computes it, before review. */
export interface SuppressionProposalDraft {
  /** Stable id of the rule and conditions: the same false positives give the same id. */
  id: string;
  /** The rule that keeps firing wrongly (`finding_info.analytic.uid`). */
  ruleId: string;
  ruleName: string | null;
  /** The entity values every false positive of the group shares. */
  conditions: SuppressionCondition[];
  /** The suppression's conditions, as the triage configuration takes them. */
  match: SuppressionRule['match'];
  /** Why: how many false positives, with the analysts' reasons. */
  reason: string;
  /** The verdicts it rests on. */
  basis: { verdictIds: string[]; findingIds: string[]; falsePositives: number; reasons: string[] };
}

/** Options of {@link proposeSuppressions}. */
export interface ProposeSuppressionsOptions {
  /** False positives of a rule that must share the entity values. Default 2. */
  minFalsePositives?: number;
  /** Entity kinds to group on. Default: every kind. */
  kinds?: readonly FindingEntityKind[];
  /** Only verdicts given at or after this time (epoch ms). */
  since?: number;
}

/** The entities `triage` reads under a named key of `match` rather than `fields`. */
const NAMED_KEYS: Partial<Record<FindingEntityKind, { key: 'host' | 'user'; paths: string[] }>> = {
  host: { key: 'host', paths: ['device.hostname', 'device.name'] },
  user: { key: 'user', paths: ['actor.user.name', 'user.name'] },
};

/** The suppression `match` of a rule and conditions. */
export function conditionsToMatch(
  ruleId: string,
  conditions: readonly SuppressionCondition[],
): SuppressionRule['match'] {
  const match: SuppressionRule['match'] = { rule: ruleId };
  for (const condition of conditions) {
    const named = NAMED_KEYS[condition.kind];
    if (named?.paths.includes(condition.path)) match[named.key] = condition.value;
    else match.fields = { ...match.fields, [condition.path]: condition.value };
  }
  return match;
}

/** A minimal finding with the facts a verdict kept, for checking a proposal with triage's matcher. */
export function factsToFinding(facts: FindingFacts): Record<string, unknown> {
  const finding: Record<string, unknown> = {
    finding_info: { uid: facts.findingId, analytic: { uid: facts.ruleId, name: facts.ruleName } },
  };
  for (const entity of facts.entities) {
    const parts = entity.path.split('.');
    let node = finding;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1) as string] = [...entity.values];
  }
  return finding;
}

/**
 * Proposes suppressions from false-positive verdicts. For each rule, the latest verdicts of its
 * findings are read; entity values (host, IP, user, process path, parent process, command line,
 * destination) that recur in at least `minFalsePositives` of its false positives become
 * conditions; false positives sharing the same recurring values form a group, and a group of at
 * least `minFalsePositives` becomes a proposal — the rule plus those values, the narrowest
 * suppression that covers them. A proposal that triage's own matcher finds matching a finding
 * judged a true positive is not made: it would hide an attack.
 */
export function proposeSuppressions(
  verdicts: readonly Verdict[],
  options: ProposeSuppressionsOptions = {},
): SuppressionProposalDraft[] {
  const min = Math.max(1, options.minFalsePositives ?? 2);
  const kinds = options.kinds === undefined ? null : new Set(options.kinds);
  const byRule = new Map<string, { fps: Verdict[]; tps: Verdict[] }>();
  for (const verdict of latestVerdicts(verdicts)) {
    const facts = verdict.finding;
    if (verdict.subject.kind !== 'finding' || facts === null || facts.ruleId === null) continue;
    if (options.since !== undefined && verdict.at < options.since) continue;
    const group = byRule.get(facts.ruleId) ?? { fps: [], tps: [] };
    byRule.set(facts.ruleId, group);
    if (verdict.verdict === 'false-positive') group.fps.push(verdict);
    else if (verdict.verdict === 'true-positive') group.tps.push(verdict);
  }
  const drafts: SuppressionProposalDraft[] = [];
  for (const [ruleId, { fps, tps }] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
    if (fps.length < min) continue;
    const counts = new Map<string, { condition: SuppressionCondition; count: number }>();
    for (const verdict of fps)
      for (const entity of verdict.finding?.entities ?? []) {
        if (kinds !== null && !kinds.has(entity.kind)) continue;
        for (const value of new Set(entity.values.map((item) => item.toLowerCase()))) {
          const key = `${entity.kind}\u0000${entity.path}\u0000${value}`;
          const known = counts.get(key);
          if (known) known.count += 1;
          else
            counts.set(key, {
              condition: { kind: entity.kind, path: entity.path, value },
              count: 1,
            });
        }
      }
    const recurring = [...counts.values()]
      .filter((item) => item.count >= min)
      .sort((a, b) => b.count - a.count || a.condition.value.localeCompare(b.condition.value));
    const groups = new Map<string, { conditions: SuppressionCondition[]; members: Verdict[] }>();
    for (const verdict of fps) {
      const conditions: SuppressionCondition[] = [];
      for (const { condition } of recurring) {
        if (conditions.some((known) => known.kind === condition.kind)) continue;
        const has = verdict.finding?.entities.some(
          (entity) =>
            entity.kind === condition.kind &&
            entity.path === condition.path &&
            entity.values.some((value) => value.toLowerCase() === condition.value),
        );
        if (has) conditions.push(condition);
      }
      if (conditions.length === 0) continue;
      conditions.sort((a, b) => a.kind.localeCompare(b.kind) || a.path.localeCompare(b.path));
      const key = JSON.stringify(conditions);
      const group = groups.get(key);
      if (group) group.members.push(verdict);
      else groups.set(key, { conditions, members: [verdict] });
    }
    for (const [key, { conditions, members }] of groups) {
      if (members.length < min) continue;
      const match = conditionsToMatch(ruleId, conditions);
      const probe: SuppressionRule = {
        id: 'probe',
        reason: 'probe',
        owner: 'probe',
        expiresAt: 0,
        match,
      };
      if (
        tps.some((verdict) =>
          suppressionMatches(probe, factsToFinding(verdict.finding as FindingFacts)),
        )
      )
        continue;
      const reasons = [...new Set(members.map((verdict) => verdict.reason))].slice(0, 5);
      const ruleName = members[0]?.finding?.ruleName ?? null;
      drafts.push({
        id: `sp-${createHash('sha256').update(`${ruleId}\u0000${key}`).digest('hex').slice(0, 16)}`,
        ruleId,
        ruleName,
        conditions,
        match,
        reason: `${members.length} false positives of ${ruleName ?? ruleId} with ${conditions
          .map((condition) => `${condition.kind} ${condition.value}`)
          .join(', ')}: ${reasons.join('; ')}`,
        basis: {
          verdictIds: members.map((verdict) => verdict.id),
          findingIds: members.map((verdict) => (verdict.finding as FindingFacts).findingId),
          falsePositives: members.length,
          reasons,
        },
      });
    }
  }
  return drafts;
}
