/**
 * The PostgreSQL backend (PostgreSQL and PGlite): Sigma rules as SQL over the hunting event
 * table (see `sql.ts`), with rule regular expressions translated to POSIX AREs (`~`, `~*`), and
 * networks tested with `inet` containment through `openmdr_inet6` (see
 * `POSTGRES_SQL_SETUP`, which the database must run once).
 *
 * @module
 */
import type { SigmaQueryBackend } from '../types.js';
import { renderSqlQuery } from './sql.js';
import { SQL_EVENTS_MAPPING } from './sql-mappings.js';

/** Sigma → PostgreSQL SQL. */
export const postgresBackend: SigmaQueryBackend = {
  target: 'postgres',
  defaultMapping: SQL_EVENTS_MAPPING,
  render: (tree, context) => renderSqlQuery('postgres', tree, context),
};
