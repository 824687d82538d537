/**
 * Local hunts: events in an embedded DuckDB or a PostgreSQL/PGlite event table, Sigma rules
 * run over them as SQL.
 *
 * @module
 */
export {
  type EventLines,
  eventRows,
  type LoadEventsOptions,
  type LoadEventsReport,
  loadDuckDbEvents,
  loadDuckDbJsonLines,
  loadDuckDbParquet,
  loadDuckDbRows,
  readParquetEvents,
} from './duckdb-events.js';
export {
  type EventRow,
  eventRow,
  inputMapping,
  type LocalHuntInput,
  logsourceKey,
  parseJsonLines,
} from './event-rows.js';
export {
  createLocalHuntRunner,
  eventRecordOfRow,
  type LocalHuntRunnerOptions,
} from './local-runner.js';
export {
  loadPostgresEvents,
  loadPostgresJsonLines,
  loadPostgresRows,
  type SqlQueryFunction,
  setupPostgres,
} from './postgres-events.js';
export {
  type LocalHuntDatabase,
  type LocalHuntHit,
  type LocalHuntOptions,
  type LocalHuntQueryFailure,
  type LocalHuntResult,
  quotedIdentifiers,
  ruleFields,
  runLocalHunt,
} from './run-local-hunt.js';
