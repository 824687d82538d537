/** Learning from incidents: verdicts, precision, suppression proposals, lessons learned, client feedback. */
export { FINDING_ENTITY_PATHS, findingEntities, findingFacts } from './finding-facts.js';
export { latestVerdicts, verdictSubjectKey } from './latest-verdicts.js';
export {
  LearningInputError,
  LearningNotFoundError,
  SuppressionProposalReviewedError,
} from './learning-errors.js';
export {
  type LessonInput,
  LessonService,
  type LessonServiceOptions,
  TenantLessons,
} from './lesson-service.js';
export { type ClientFeedback, LESSON_KINDS, type Lesson, type LessonKind } from './lesson-types.js';
export {
  type PrecisionOptions,
  type PrecisionReport,
  type PrecisionRow,
  verdictPrecision,
} from './precision.js';
export {
  conditionsToMatch,
  factsToFinding,
  type ProposeSuppressionsOptions,
  proposeSuppressions,
  type SuppressionCondition,
  type SuppressionProposalDraft,
} from './propose-suppressions.js';
export {
  type SuppressionProposal,
  SuppressionProposalService,
  type SuppressionProposalServiceOptions,
  type SuppressionProposalStatus,
  TenantSuppressionProposals,
  toSuppressionRule,
} from './suppression-proposals.js';
export {
  TenantVerdicts,
  type VerdictInput,
  type VerdictListOptions,
  VerdictService,
  type VerdictServiceOptions,
} from './verdict-service.js';
export {
  type FindingEntity,
  type FindingEntityKind,
  type FindingFacts,
  VERDICT_KINDS,
  VERDICT_LABELS,
  type Verdict,
  type VerdictKind,
  type VerdictRole,
  type VerdictSubject,
} from './verdict-types.js';
