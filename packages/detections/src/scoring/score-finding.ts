/**
 * The risk score of one finding: a weighted mean of factor values (severity, rule
 * confidence, asset criticality, user privilege, indicator confidence), each in 0–1, scaled to
 * 0–100. Factors without data do not apply and their weight is left out. The explanation lists
 * every factor with its value, weight and contribution in points; contributions sum to the
 * score before rounding.
 */
import { levelValue, lookupLevel, type ScoringConfig } from './scoring-config.js';

/** The scoring factors. */
export type ScoreFactorName =
  | 'severity'
  | 'ruleConfidence'
  | 'assetCriticality'
  | 'userPrivilege'
  | 'indicatorConfidence';

/** One factor of a score. */
export interface ScoreFactor {
  /** The factor. */
  factor: ScoreFactorName;
  /** Whether it applied (data was present). */
  applied: boolean;
  /** Its value from 0 to 1 (0 when not applied). */
  value: number;
  /** Its configured weight. */
  weight: number;
  /** Points it contributed to the 0–100 score (0 when not applied). */
  contribution: number;
  /** Where the value came from (`severity_id 4 (High)`, `asset table: dc-*`), or why it did not apply. */
  reason: string;
}

/** The score of a finding with its explanation. */
export interface FindingScore {
  /** 0–100, rounded to an integer. */
  score: number;
  /** OCSF `risk_level_id`: 0 Info, 1 Low, 2 Medium, 3 High, 4 Critical. */
  levelId: 0 | 1 | 2 | 3 | 4;
  /** Caption of `levelId`. */
  level: 'Info' | 'Low' | 'Medium' | 'High' | 'Critical';
  /** Every factor, applied or not. */
  factors: ScoreFactor[];
  /** One line per factor, for `risk_details`. */
  explanation: string;
}

/** Per-finding context that is not in the finding. */
export interface ScoringContext {
  /** Confidence or fidelity of the rule that fired, 0–1 (e.g. from Sigma `status`). */
  ruleConfidence?: number;
  /** Criticality of the asset, 0–1, overriding the config table. */
  assetCriticality?: number;
  /** Privilege of the user, 0–1, overriding the config table. */
  userPrivilege?: number;
}

const SEVERITY_NAMES: Record<number, keyof ScoringConfig['severityValues']> = {
  1: 'informational',
  2: 'low',
  3: 'medium',
  4: 'high',
  5: 'critical',
  6: 'critical',
};
const LEVEL_CAPTIONS = ['Info', 'Low', 'Medium', 'High', 'Critical'] as const;
const CONFIDENCE_VALUES: Record<number, number> = { 1: 0.3, 2: 0.6, 3: 0.9 };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The host name of a finding (`device.hostname`, `device.name`). */
export function findingHost(finding: Record<string, unknown>): string | undefined {
  const device = record(finding['device']);
  const name = device?.['hostname'] ?? device?.['name'];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** The user of a finding (`actor.user`, or `user`). */
export function findingUser(finding: Record<string, unknown>): Record<string, unknown> | undefined {
  const user = record(record(finding['actor'])?.['user']) ?? record(finding['user']);
  return typeof user?.['name'] === 'string' || typeof user?.['uid'] === 'string' ? user : undefined;
}

/** The risk level of a score under the configured bands. */
export function riskLevel(score: number, config: ScoringConfig): FindingScore['levelId'] {
  const bands = config.riskLevels;
  if (score >= bands.critical) return 4;
  if (score >= bands.high) return 3;
  if (score >= bands.medium) return 2;
  if (score >= bands.low) return 1;
  return 0;
}

/**
 * Scores an OCSF Detection Finding.
 *
 * @example
 * ```ts
 * const config = resolveScoringConfig({ assetCriticality: { 'dc-*': 'critical' } });
 * const { score, explanation } = scoreFinding(finding, config, { ruleConfidence: 0.9 });
 * ```
 */
export function scoreFinding(
  finding: Record<string, unknown>,
  config: ScoringConfig,
  context: ScoringContext = {},
): FindingScore {
  const raw: Omit<ScoreFactor, 'contribution' | 'weight'>[] = [];
  const severityId = typeof finding['severity_id'] === 'number' ? finding['severity_id'] : 0;
  const severityName = SEVERITY_NAMES[severityId] ?? 'unknown';
  raw.push({
    factor: 'severity',
    applied: true,
    value: config.severityValues[severityName],
    reason: `severity_id ${severityId} (${severityName})`,
  });
  const osint = Array.isArray(finding['osint'])
    ? (finding['osint'] as Record<string, unknown>[])
    : [];
  const confidenceId =
    typeof finding['confidence_id'] === 'number' ? finding['confidence_id'] : undefined;
  if (context.ruleConfidence !== undefined)
    raw.push({
      factor: 'ruleConfidence',
      applied: true,
      value: context.ruleConfidence,
      reason: 'rule confidence from context',
    });
  else if (
    osint.length === 0 &&
    confidenceId !== undefined &&
    CONFIDENCE_VALUES[confidenceId] !== undefined
  )
    raw.push({
      factor: 'ruleConfidence',
      applied: true,
      value: CONFIDENCE_VALUES[confidenceId] as number,
      reason: `confidence_id ${confidenceId}`,
    });
  else
    raw.push({ factor: 'ruleConfidence', applied: false, value: 0, reason: 'no rule confidence' });
  const host = findingHost(finding);
  const asset =
    context.assetCriticality !== undefined
      ? { value: context.assetCriticality, reason: 'asset criticality from context' }
      : host === undefined
        ? undefined
        : ((found) =>
            found === undefined
              ? config.defaultAssetCriticality === undefined
                ? undefined
                : {
                    value: levelValue(config.defaultAssetCriticality),
                    reason: `host ${host}: default criticality`,
                  }
              : { value: found.value, reason: `host ${host}: asset table entry ${found.key}` })(
            lookupLevel(config.assetCriticality, host),
          );
  raw.push(
    asset === undefined
      ? {
          factor: 'assetCriticality',
          applied: false,
          value: 0,
          reason: host === undefined ? 'no host' : `host ${host} not in the asset table`,
        }
      : { factor: 'assetCriticality', applied: true, ...asset },
  );
  const user = findingUser(finding);
  const userName =
    typeof user?.['name'] === 'string'
      ? user['name']
      : typeof user?.['uid'] === 'string'
        ? user['uid']
        : undefined;
  let privilege: { value: number; reason: string } | undefined;
  if (context.userPrivilege !== undefined)
    privilege = { value: context.userPrivilege, reason: 'user privilege from context' };
  else if (userName !== undefined) {
    const found = lookupLevel(config.userPrivilege, userName);
    if (found !== undefined)
      privilege = {
        value: found.value,
        reason: `user ${userName}: privilege table entry ${found.key}`,
      };
    else if (user?.['type_id'] === 2)
      privilege = { value: 0.75, reason: `user ${userName}: type_id 2 (Admin)` };
    else if (user?.['type_id'] === 3)
      privilege = { value: 1, reason: `user ${userName}: type_id 3 (System)` };
    else if (config.defaultUserPrivilege !== undefined)
      privilege = {
        value: levelValue(config.defaultUserPrivilege),
        reason: `user ${userName}: default privilege`,
      };
  }
  raw.push(
    privilege === undefined
      ? {
          factor: 'userPrivilege',
          applied: false,
          value: 0,
          reason:
            userName === undefined ? 'no user' : `user ${userName} not in the privilege table`,
        }
      : { factor: 'userPrivilege', applied: true, ...privilege },
  );
  if (osint.length > 0) {
    const scoreValue =
      typeof finding['confidence_score'] === 'number'
        ? (finding['confidence_score'] as number) / 100
        : undefined;
    const ids = osint
      .map((entry) => entry['confidence_id'])
      .filter((id): id is number => typeof id === 'number' && CONFIDENCE_VALUES[id] !== undefined);
    const value =
      scoreValue ??
      (ids.length > 0 ? Math.max(...ids.map((id) => CONFIDENCE_VALUES[id] as number)) : undefined);
    raw.push(
      value === undefined
        ? {
            factor: 'indicatorConfidence',
            applied: false,
            value: 0,
            reason: 'indicator without confidence',
          }
        : {
            factor: 'indicatorConfidence',
            applied: true,
            value: Math.min(1, Math.max(0, value)),
            reason:
              scoreValue === undefined
                ? 'osint confidence_id'
                : `indicator confidence ${finding['confidence_score']}`,
          },
    );
  } else
    raw.push({ factor: 'indicatorConfidence', applied: false, value: 0, reason: 'no indicator' });
  const totalWeight = raw.reduce(
    (sum, factor) => sum + (factor.applied ? config.weights[factor.factor] : 0),
    0,
  );
  const factors: ScoreFactor[] = raw.map((factor) => {
    const weight = config.weights[factor.factor];
    const contribution =
      factor.applied && totalWeight > 0 ? (100 * weight * factor.value) / totalWeight : 0;
    return {
      ...factor,
      value: factor.applied ? factor.value : 0,
      weight,
      contribution: Math.round(contribution * 100) / 100,
    };
  });
  const exact = factors.reduce((sum, factor) => sum + factor.contribution, 0);
  const score = Math.max(0, Math.min(100, Math.round(exact)));
  const levelId = riskLevel(score, config);
  const explanation = [
    `score ${score}/100 (${LEVEL_CAPTIONS[levelId]}) = Σ weight × value / Σ applied weights (${totalWeight})`,
    ...factors.map((factor) =>
      factor.applied
        ? `${factor.factor}: +${factor.contribution.toFixed(2)} (value ${factor.value.toFixed(2)} × weight ${factor.weight}; ${factor.reason})`
        : `${factor.factor}: not applied (${factor.reason})`,
    ),
  ].join('\n');
  return { score, levelId, level: LEVEL_CAPTIONS[levelId], factors, explanation };
}

/**
 * Writes a score onto a finding: `risk_score`, `risk_level_id`, `risk_level`, `risk_details`
 * (the explanation) and the `security_control` profile those attributes need. Returns a copy.
 */
export function applyFindingScore<T extends object>(finding: T, score: FindingScore): T {
  const metadata = record((finding as Record<string, unknown>)['metadata']) ?? {};
  const profiles = Array.isArray(metadata['profiles']) ? (metadata['profiles'] as string[]) : [];
  return {
    ...finding,
    risk_score: score.score,
    risk_level_id: score.levelId,
    risk_level: score.level,
    risk_details: score.explanation,
    metadata: profiles.includes('security_control')
      ? metadata
      : { ...metadata, profiles: [...profiles, 'security_control'] },
  };
}
