/**
 * Sigma rules → queries for the places data lives: Splunk SPL, Elastic ES|QL and Lucene,
 * Microsoft Sentinel/Defender KQL, DuckDB and PostgreSQL SQL.
 *
 * @module
 */

export { duckdbBackend } from './backends/duckdb.js';
export { postgresBackend } from './backends/postgres.js';
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
  SigmaConversionError,
  type SigmaConversionErrorCode,
  type SigmaConversionProblem,
} from './errors.js';
export { findLogsourceMapping, mappedFields, mergeQueryMappings } from './mapping.js';
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
  type SigmaQueryTarget,
} from './types.js';
