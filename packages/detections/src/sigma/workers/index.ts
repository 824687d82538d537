/**
 * The batch/worker API of the Sigma engine.
 *
 * @module
 */
export type {
  SigmaChunkResult,
  SigmaLineResult,
  SigmaMatchSummary,
  SigmaPoolReport,
  SigmaWorkerEngineOptions,
} from './batch.js';
export { SigmaWorkerError } from './worker-error.js';
export {
  createSigmaWorkerPool,
  type SigmaWorkerPool,
  type SigmaWorkerPoolOptions,
} from './worker-pool.js';
