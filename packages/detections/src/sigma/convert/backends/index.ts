/**
 * The built-in query backends, one per target.
 *
 * @module
 */
import type { SigmaQueryBackend, SigmaQueryTarget } from '../types.js';
import { duckdbBackend } from './duckdb.js';
import { esqlBackend } from './esql.js';
import { kqlBackend } from './kql.js';
import { luceneBackend } from './lucene.js';
import { postgresBackend } from './postgres.js';
import { splunkBackend } from './splunk.js';

/** The backend of each target. */
export const SIGMA_BACKENDS: Readonly<Record<SigmaQueryTarget, SigmaQueryBackend>> = {
  splunk: splunkBackend,
  esql: esqlBackend,
  lucene: luceneBackend,
  kql: kqlBackend,
  duckdb: duckdbBackend,
  postgres: postgresBackend,
};
