/**
 * The built-in query backends, one per target.
 *
 * @module
 */
import type { SigmaQueryBackend, SigmaQueryTarget } from '../types.js';
import { duckdbBackend } from './duckdb.js';
import { postgresBackend } from './postgres.js';

/** The backend of each target that has one. */
export const SIGMA_BACKENDS: Partial<Record<SigmaQueryTarget, SigmaQueryBackend>> = {
  duckdb: duckdbBackend,
  postgres: postgresBackend,
};
