/** Scoring: per-finding risk with an explanation, per-entity risk over a decaying window. */
export {
  addEntityRisk,
  addEntityRiskTo,
  type EntityContribution,
  type EntityRisk,
  type EntityRiskState,
  emptyEntityRiskState,
  entityRisk,
  findingEntities,
  ZETA_1_5,
} from './entity-risk.js';
export {
  applyFindingScore,
  type FindingScore,
  findingHost,
  findingUser,
  riskLevel,
  type ScoreFactor,
  type ScoreFactorName,
  type ScoringContext,
  scoreFinding,
} from './score-finding.js';
export {
  LEVEL_VALUES,
  levelValue,
  lookupLevel,
  resolveScoringConfig,
  type ScoringConfig,
  ScoringConfigError,
  type ScoringConfigInput,
  scoringConfigSchema,
} from './scoring-config.js';
