/**
 * Entity risk: per host and per user, the scores of their findings over a window, each decayed
 * by age (half-life), sorted from highest, weighted `1 / i^1.5` and normalised by ζ(1.5) so that
 * a few high scores dominate and the total stays within 0–100 (the shape of Elastic's entity
 * risk scoring). State is plain JSON.
 */

import { findingHost, findingUser, riskLevel } from './score-finding.js';
import type { ScoringConfig } from './scoring-config.js';

/** ζ(1.5): the sum of 1 / i^1.5 over every i ≥ 1. */
export const ZETA_1_5 = 2.612_375_348_685_488;

/** One finding's contribution to an entity. */
export interface EntityContribution {
  /** The finding's `finding_info.uid`. */
  findingUid: string;
  /** Event time of the finding, epoch ms. */
  time: number;
  /** The finding's risk score. */
  score: number;
}

/** The stored risk state of every entity. */
export interface EntityRiskState {
  version: 1;
  /** By entity key (`host:ws-01`, `user:alice`). */
  entities: Record<string, EntityContribution[]>;
}

/** The risk of one entity. */
export interface EntityRisk {
  /** `host:<name>` or `user:<name>`. */
  entity: string;
  /** 0–100. */
  score: number;
  /** OCSF risk level id of the score. */
  levelId: 0 | 1 | 2 | 3 | 4;
  /** Findings counted (inside the window). */
  findings: number;
  /** The top contributions with their decayed weights, highest first. */
  top: { findingUid: string; score: number; decayed: number; points: number }[];
}

/** An empty state. */
export function emptyEntityRiskState(): EntityRiskState {
  return { version: 1, entities: {} };
}

/** The entity keys of a finding: `host:<hostname>` and `user:<name>`. */
export function findingEntities(finding: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const host = findingHost(finding);
  if (host !== undefined) keys.push(`host:${host.toLowerCase()}`);
  const user = findingUser(finding);
  const name = user?.['name'] ?? user?.['uid'];
  if (typeof name === 'string') keys.push(`user:${name.toLowerCase()}`);
  return keys;
}

/**
 * Adds a scored finding to its entities. Returns a new state (entities not touched are
 * shared). A finding already counted (same uid) is replaced, so re-processing is idempotent.
 * Contributions older than the window before `now` are dropped, and at most
 * `entity.maxContributions` (the highest) are kept.
 */
export function addEntityRisk(
  state: EntityRiskState,
  finding: Record<string, unknown>,
  score: number,
  now: number,
  config: ScoringConfig,
): EntityRiskState {
  const working: EntityRiskState = { version: 1, entities: { ...state.entities } };
  addEntityRiskTo(working, finding, score, now, config);
  return working;
}

/**
 * {@link addEntityRisk} on a working copy whose `entities` map may be written: the lists of the
 * finding's entities are replaced (never mutated), so copies sharing them are unaffected. For
 * batches: copy the map once, add every finding.
 */
export function addEntityRiskTo(
  working: EntityRiskState,
  finding: Record<string, unknown>,
  score: number,
  now: number,
  config: ScoringConfig,
): void {
  const info = finding['finding_info'] as Record<string, unknown> | undefined;
  const findingUid = String(info?.['uid'] ?? '');
  const time = typeof finding['time'] === 'number' ? (finding['time'] as number) : now;
  const horizon = now - config.entity.windowMs;
  for (const key of findingEntities(finding)) {
    const kept = (working.entities[key] ?? []).filter(
      (entry) => entry.findingUid !== findingUid && entry.time > horizon,
    );
    if (time > horizon) {
      const entry = { findingUid, time, score };
      let position = kept.length;
      while (position > 0) {
        const before = kept[position - 1] as EntityContribution;
        if (before.score > score || (before.score === score && before.time <= time)) break;
        position -= 1;
      }
      kept.splice(position, 0, entry);
    }
    working.entities[key] = kept.slice(0, config.entity.maxContributions);
  }
}

/** Computes an entity's risk at `now`. */
export function entityRisk(
  state: EntityRiskState,
  entity: string,
  now: number,
  config: ScoringConfig,
): EntityRisk {
  const decayed = (state.entities[entity] ?? [])
    .filter(
      (entry) =>
        entry.time > now - config.entity.windowMs && entry.time <= now + config.entity.windowMs,
    )
    .map((entry) => ({
      findingUid: entry.findingUid,
      score: entry.score,
      decayed: entry.score * 0.5 ** (Math.max(0, now - entry.time) / config.entity.halfLifeMs),
    }))
    .sort((left, right) => right.decayed - left.decayed);
  let total = 0;
  const top = decayed.map((entry, index) => {
    const points = entry.decayed / (index + 1) ** 1.5 / ZETA_1_5;
    total += points;
    return { ...entry, points: Math.round(points * 100) / 100 };
  });
  const score = Math.min(100, Math.round(total * 10) / 10);
  return {
    entity,
    score,
    levelId: riskLevel(score, config),
    findings: decayed.length,
    top: top.slice(0, 10),
  };
}
