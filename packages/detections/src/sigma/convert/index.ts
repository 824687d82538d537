/**
 * Sigma rules → queries for the places data lives: Splunk SPL, Elastic ES|QL and Lucene,
 * Microsoft Sentinel/Defender KQL, DuckDB and PostgreSQL SQL.
 *
 * @module
 */

export { duckdbBackend } from './backends/duckdb.js';
export { esqlBackend } from './backends/esql.js';
export { kqlBackend } from './backends/kql.js';
export { luceneBackend } from './backends/lucene.js';
export { postgresBackend } from './backends/postgres.js';
export { splunkBackend } from './backends/splunk.js';
export {
  POSTGRES_SQL_SETUP,
  SQL_EVENT_COLUMNS,
  SQL_EVENT_TABLE,
  type SqlDialect,
  sqlIdentifier,
  sqlString,
} from './backends/sql.js';
export { SQL_EVENTS_MAPPING, SQL_OCSF_MAPPING, sqlOcsfMapping } from './backends/sql-mappings.js';
export {
  convertSigmaRule,
  convertSigmaRules,
  type SigmaConversionReport,
  sigmaBackend,
} from './convert.js';
export {
  type CorrelationPart,
  type CorrelationSpec,
  convertSigmaCorrelation,
  SIGMA_CORRELATION_SUPPORT,
} from './correlation.js';
export {
  SigmaConversionError,
  type SigmaConversionErrorCode,
  type SigmaConversionProblem,
} from './errors.js';
export { findLogsourceMapping, mappedFields, mergeQueryMappings } from './mapping.js';
export { sigmaQueryMappingOverrideSchema } from './mapping-schema.js';
export {
  DEFENDER_XDR_MAPPING,
  ECS_WINDOWS_MAPPING,
  SENTINEL_MAPPING,
  SPLUNK_CIM_MAPPING,
  SPLUNK_WINDOWS_MAPPING,
  WINDOWS_CATEGORY_SOURCES,
  WINDOWS_SERVICE_CHANNELS,
  type WindowsCategorySource,
} from './mappings/index.js';
export { buildQueryTree, type SigmaQueryNode } from './query-tree.js';
export { renderTree, type SigmaLeafRenderer } from './render-tree.js';
export {
  SIGMA_QUERY_TARGETS,
  type SigmaBackendContext,
  type SigmaConvertOptions,
  type SigmaLogsourceMapping,
  type SigmaMappingScalar,
  type SigmaQuery,
  type SigmaQueryBackend,
  type SigmaQueryMapping,
  type SigmaQueryMappingOverride,
  type SigmaQueryTarget,
} from './types.js';
