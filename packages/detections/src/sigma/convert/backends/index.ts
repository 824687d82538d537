/**
 * The built-in query backends, one per target.
 *
 * @module
 */
import type { SigmaQueryBackend, SigmaQueryTarget } from '../types.js';
import { kqlBackend } from './kql.js';
import { splunkBackend } from './splunk.js';

/** The backend of each target that has one. */
export const SIGMA_BACKENDS: Partial<Record<SigmaQueryTarget, SigmaQueryBackend>> = {
  splunk: splunkBackend,
  kql: kqlBackend,
};
