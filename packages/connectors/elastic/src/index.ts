/**
 * `@openmdr/connector-elastic`: the Elastic Security connector — detection alerts of a Kibana
 * space (`alerts`) and documents of any index pattern (`search`), read through a point in time
 * and `search_after`, normalised to OCSF by one ECS → OCSF table; alert workflow status, case
 * comments and Elastic Defend host isolation / release.
 *
 * @packageDocumentation
 */

export {
  addCaseCommentAction,
  addCaseCommentInputSchema,
  addCaseCommentManifest,
  addCaseCommentOutputSchema,
  ELASTIC_KIBANA_PATHS,
  isolateHostAction,
  isolateHostManifest,
  isolationInputSchema,
  isolationOutputSchema,
  releaseHostAction,
  releaseHostManifest,
  setAlertStatusAction,
  setAlertStatusInputSchema,
  setAlertStatusManifest,
  setAlertStatusOutputSchema,
} from './actions.js';
export {
  type BulkWriteOptions,
  type BulkWriteResult,
  ocsfDocument,
  ocsfDocumentId,
  putOcsfIndexTemplate,
  writeOcsfEvents,
} from './bulk-writer.js';
export { createElasticClient, type ElasticClient, encodedApiKey, spacePrefix } from './client.js';
export {
  alertsIndexOf,
  type CloudIdEndpoints,
  decodeCloudId,
  type ElasticConfig,
  elasticConfigSchema,
  elasticsearchUrlOf,
  kibanaUrlOf,
} from './config.js';
export { elasticConnector } from './connector.js';
export { EcsReader, readEcs, unmappedFields } from './ecs.js';
export {
  ECS_DOCUMENT_OBSERVABLES,
  ECS_DOCUMENT_TO_OCSF,
  ECS_TO_OCSF,
  MAPPED_ECS_FIELDS,
} from './ecs-mapping.js';
export { type EsqlPagesOptions, esqlPageQuery, esqlPages, esqlRows, withMetadata } from './esql.js';
export { ELASTIC_DEFAULT_SEARCH_INDEX, elasticSearch } from './hunt-search.js';
export {
  countMappedFields,
  type FieldMapping,
  type OcsfIndexTemplateOptions,
  ocsfIndexTemplate,
} from './index-template.js';
export { elasticNormalizeSources } from './normalize.js';
export {
  alertDocumentOf,
  deviceOf,
  ELASTIC_PRODUCT,
  elasticHitsOf,
  type NormalizeAlertOptions,
  normalizeElasticAlert,
  processOf,
  riskLevelOfScore,
} from './normalize-alert.js';
export { isAlertDocument, normalizeElasticDocument } from './normalize-document.js';
export {
  type ElasticHit,
  isPointInTimeGone,
  type SearchAfterOptions,
  searchAfterPages,
} from './search.js';
export { alertsStream, documentOf, searchStream } from './streams.js';
export {
  indexPatternsOf,
  writeFindingsAction,
  writeFindingsInputSchema,
  writeFindingsManifest,
  writeFindingsOutputSchema,
} from './write-findings.js';
