/**
 * The DuckDB backend: Sigma rules as SQL over the hunting event table (see `sql.ts`), with
 * RE2 regular expressions (`regexp_matches`), `LIKE … ESCAPE '\'` for wildcards (`contains`,
 * `starts_with`, `ends_with` for a literal with `*` around it), IPv4 networks as numeric ranges
 * and IPv6 networks as a prefix of the address's 32 hex digits, both computed in SQL (the inet
 * extension does not load offline).
 *
 * @module
 */
import type { SigmaQueryBackend } from '../types.js';
import { renderSqlQuery } from './sql.js';
import { SQL_EVENTS_MAPPING } from './sql-mappings.js';

/** Sigma → DuckDB SQL. */
export const duckdbBackend: SigmaQueryBackend = {
  target: 'duckdb',
  defaultMapping: SQL_EVENTS_MAPPING,
  render: (tree, context) => renderSqlQuery('duckdb', tree, context),
};
