/**
 * The OCSF event model: generated types, zod schemas, enums and metadata of OCSF 1.8.0,
 * validation (strict and lenient), builders, observables, JSON Schema export and
 * down-conversion to OCSF 1.1.0.
 */
export {
  buildOcsfEvent,
  createOcsfBuilders,
  type OcsfBuilderInput,
  type OcsfBuilderNames,
  type OcsfBuilders,
  type OcsfBuildersOptions,
  type OcsfBuildOptions,
  type OcsfComputedAttribute,
  type OcsfMetadataInput,
  ocsf,
} from './builders.js';
export {
  downConvertOcsf,
  type OcsfDownConversionResult,
  type OcsfDroppedAttribute,
  type OcsfDropReason,
  type OcsfTargetVersion,
} from './down-convert.js';
export * from './generated/index.js';
export { formatOcsfIssues, type OcsfIssue, type OcsfRule, OcsfValidationError } from './issues.js';
export { type JsonSchema, type OcsfJsonSchemaOptions, ocsfJsonSchema } from './json-schema.js';
export type { OcsfJsonValue } from './json-value.js';
export {
  type DeriveObservablesOptions,
  deriveObservables,
  type OcsfObservable,
} from './observables.js';
export type {
  OcsfAttributeMetadata,
  OcsfCategoryMetadata,
  OcsfClassMetadata,
  OcsfConstraints,
  OcsfDictionaryTypeMetadata,
  OcsfEnumCaptions,
  OcsfObjectMetadata,
  OcsfProfileMetadata,
  OcsfRequirement,
  OcsfSchemaMetadata,
  OcsfTypeName,
} from './schema-metadata.js';
export {
  assertOcsfEvent,
  OCSF_VERSION,
  type OcsfObjectValidationResult,
  type OcsfValidateObjectOptions,
  type OcsfValidateOptions,
  type OcsfValidationMode,
  type OcsfValidationResult,
  validateOcsfEvent,
  validateOcsfObject,
} from './validate.js';
