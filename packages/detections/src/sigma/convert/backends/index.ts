/**
 * The built-in query backends, one per target.
 *
 * @module
 */
import type { SigmaQueryBackend, SigmaQueryTarget } from '../types.js';
import { esqlBackend } from './esql.js';
import { kqlBackend } from './kql.js';
import { luceneBackend } from './lucene.js';
import { splunkBackend } from './splunk.js';

/** The backend of each target that has one. */
export const SIGMA_BACKENDS: Partial<Record<SigmaQueryTarget, SigmaQueryBackend>> = {
  splunk: splunkBackend,
  esql: esqlBackend,
  lucene: luceneBackend,
  kql: kqlBackend,
};
