/**
 * The built-in query backends, one per target.
 *
 * @module
 */
import type { SigmaQueryBackend, SigmaQueryTarget } from '../types.js';
import { esqlBackend } from './esql.js';
import { luceneBackend } from './lucene.js';

/** The backend of each target that has one. */
export const SIGMA_BACKENDS: Partial<Record<SigmaQueryTarget, SigmaQueryBackend>> = {
  esql: esqlBackend,
  lucene: luceneBackend,
};
