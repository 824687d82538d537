/**
 * `@openmdr/detections`: the Sigma engine (rules, meta-filters, field mappings for flat,
 * Windows Event Log and OCSF events), detection findings, and native rules.
 *
 * @packageDocumentation
 */

export * from './attack/index.js';
export * from './behaviour/index.js';
export { DETECTIONS_ERROR_CODES, type DetectionsErrorCode } from './error-codes.js';
export * from './findings/index.js';
export * from './intel/index.js';
export * from './network/index.js';
export * from './rules/index.js';
export * from './scoring/index.js';
export {
  type CheckSigmaBundleOptions,
  type CreateSigmaBundleOptions,
  checkSigmaBundle,
  createSigmaBundle,
  looksLikeSigmaBundle,
  parseSigmaBundle,
  readSigmaBundle,
  SIGMA_BUNDLE_FORMAT,
  SIGMA_BUNDLE_LICENCE_NOTE,
  SIGMA_BUNDLE_VERSION,
  type SigmaBundle,
  type SigmaBundleDocument,
  type SigmaBundleSource,
  type SigmaBundleStoredError,
  sigmaBundleRules,
  writeSigmaBundle,
} from './sigma/bundle.js';
export type { CidrNetwork } from './sigma/cidr.js';
export { SIGMA_MODIFIERS } from './sigma/compile-item.js';
export {
  type ConditionNode,
  parseCondition,
  SigmaConditionSyntaxError,
} from './sigma/condition.js';
export * from './sigma/convert/index.js';
export * from './sigma/correlation/index.js';
export {
  compileSigmaRules,
  type SigmaEngine,
  type SigmaEngineOptions,
  type SigmaEvidence,
  type SigmaMatch,
  type SigmaMatchOptions,
  type SigmaRouting,
} from './sigma/engine.js';
export {
  SigmaBundleError,
  type SigmaBundleErrorCode,
  SigmaRuleError,
  type SigmaRuleErrorCode,
  type SigmaRuleLocation,
} from './sigma/errors.js';
export {
  logsourceApplies,
  type SigmaFieldGetter,
  type SigmaFieldMapping,
  type SigmaLogsource,
} from './sigma/field-access.js';
export {
  CLOUDTRAIL_LOGSOURCE,
  CLOUDTRAIL_LOGSOURCES,
  cloudTrailFieldGetter,
  cloudTrailValue,
  isCloudTrailLogsource,
  isCloudTrailRecord,
  readDottedPath,
} from './sigma/inputs/cloudtrail.js';
export { createFlatFieldMapping } from './sigma/inputs/flat.js';
export {
  type FlatNetworkField,
  NETWORK_FLAT_FIELDS,
  type UriPart,
} from './sigma/inputs/network-fields.js';
export {
  expandLogsourceHint,
  NETWORK_CATEGORIES,
  type NetworkProduct,
  networkLogsources,
  networkTableKey,
  SURICATA_EVENT_CATEGORIES,
  ZEEK_LOG_CATEGORIES,
} from './sigma/inputs/network-logsources.js';
export { WINDOWS_FIELD_ALIASES, windowsLogsources } from './sigma/inputs/windows-logsources.js';
export { flattenWinlogEvent } from './sigma/inputs/winlog.js';
export {
  analyseItem,
  type ItemSemanticsContext,
  type SigmaItemSemantics,
  type SigmaStringPosition,
  type SigmaTimePart,
  type SigmaValueSemantics,
} from './sigma/item-semantics.js';
export {
  type LoadedSigmaRules,
  type LoadSigmaRulesOptions,
  listSigmaFiles,
  loadSigmaRules,
} from './sigma/load.js';
export * from './sigma/ocsf/index.js';
export { parseSigmaObject, parseSigmaYaml, type SigmaParseResult } from './sigma/parse.js';
export type { RegexFlags } from './sigma/regex-guard.js';
export {
  analyseRegex,
  REGEX_NATIVE_INPUT_LIMIT,
  type RegexAnalysis,
} from './sigma/regex-guard.js';
export { ANY as SIGMA_ANY, ONE as SIGMA_ONE, type SigmaPattern } from './sigma/sigma-string.js';
export type {
  SigmaCorrelationDocument,
  SigmaDetection,
  SigmaDetectionItem,
  SigmaDocument,
  SigmaFilter,
  SigmaLevel,
  SigmaPosition,
  SigmaRelated,
  SigmaRule,
  SigmaScalar,
  SigmaSearch,
  SigmaSource,
  SigmaStatus,
} from './sigma/types.js';
export * from './sigma/workers/index.js';
export * from './stream/index.js';
export * from './triage/index.js';

export { VERSION } from './version.js';
