/**
 * `@openmdr/connector-sentinel/simulator`: a simulated Microsoft Sentinel workspace on
 * 127.0.0.1 — Entra token endpoint, ARM incidents (`$filter`, `$orderby`, `nextLink`, PUT with
 * etag, comments), the Log Analytics query API (partial errors, `Prefer: wait=` timeouts) and
 * the Logs Ingestion API (204, 413 over 1 MB) — for demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  createSentinelSimulatorState,
  SENTINEL_CLIENT_ID,
  SENTINEL_CLIENT_SECRET,
  SENTINEL_DCR_ID,
  SENTINEL_DCR_STREAM,
  SENTINEL_PATHS,
  SENTINEL_RESOURCE_GROUP,
  SENTINEL_SIMULATED_INGESTION_MAX_BYTES,
  SENTINEL_SUBSCRIPTION,
  SENTINEL_TENANT,
  SENTINEL_WORKSPACE_ID,
  SENTINEL_WORKSPACE_NAME,
  type SentinelSeededQuery,
  type SentinelSimulatorData,
  type SentinelSimulatorState,
  sentinelQueryTable,
  sentinelRoutes,
  sentinelSimulatorOptions,
} from './routes.js';
export { type SentinelSimulatorConfig, startSentinelSimulator } from './start.js';
