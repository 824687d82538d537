/**
 * Threat intelligence, pure: STIX 2.1 patterns, the STIX bundle, MISP and list loaders, the
 * indicator index and the findings of its matches. Reading feeds (TAXII 2.1 collections, MISP,
 * CSV and list feeds over HTTP) is the threat-intel connectors' (`@openmdr/connector-taxii`,
 * `@openmdr/connector-misp`, `@openmdr/connector-intel-feeds`): their raw records go to these
 * loaders.
 */
export {
  type CompiledPattern,
  compileStixPattern,
  type IntelAtom,
  type IntelEventValues,
  type IntelExpression,
  type IntelField,
  type PatternCompileResult,
} from './compile-pattern.js';
export { IntelError, type IntelErrorCode, type IntelErrorLocation } from './errors.js';
export { extractIntelEventValues } from './event-values.js';
export {
  type IndicatorLoadResult,
  type RejectedIndicator,
  type ThreatIndicator,
  type TlpLevel,
  threatIndicatorSchema,
} from './indicator.js';
export {
  confidenceId,
  type IntelFindingOptions,
  intelMatchToFinding,
  matchIntel,
} from './intel-finding.js';
export {
  type IntelApplyResult,
  IntelIndex,
  type IntelIndexOptions,
  type IntelIndexSnapshot,
  type IntelIndexStats,
  type IntelMatch,
  type IntelMatchedValue,
} from './intel-index.js';
export { type LoadListOptions, loadIndicatorCsv, loadIndicatorList } from './list.js';
export { type LoadMispOptions, loadMispContent, MISP_ATTRIBUTE_KINDS } from './misp.js';
export {
  type CidrBlock,
  cidrContains,
  type HashAlgorithm,
  type IpBytes,
  normalizeDomain,
  normalizeEmail,
  normalizeUrl,
  parseCidr,
  parseIp,
} from './normalize.js';
export {
  type LoadStixOptions,
  loadStixBundle,
  loadStixObjects,
  TLP_MARKING_IDS,
} from './stix-bundle.js';
export {
  parseStixPattern,
  type StixComparison,
  type StixComparisonExpression,
  type StixComparisonOperator,
  type StixLiteral,
  type StixObjectPath,
  type StixObservationExpression,
  type StixPathStep,
  type StixQualifier,
} from './stix-pattern.js';
export {
  detectIndicatorKind,
  type IndicatorValueKind,
  patternForValue,
} from './value-indicator.js';
