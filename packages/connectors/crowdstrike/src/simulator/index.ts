/**
 * `@openmdr/connector-crowdstrike/simulator`: a simulated CrowdStrike Falcon API on 127.0.0.1 —
 * OAuth2 token endpoint, alerts and hosts with Falcon's query-then-entities pagination, the
 * device containment actions, Event Streams (discovery, session refresh, the data feed) and a
 * Falcon Data Replicator (SQS + S3 on the kit's AWS simulator) — for demos, examples and tests.
 * Needs no vitest.
 *
 * @packageDocumentation
 */

export {
  createFalconEventFeed,
  eventStreamRoutes,
  FALCON_STREAM_PATHS,
  type FalconEventFeed,
  type FalconEventFeedOptions,
  type FalconStreamSession,
  firehoseOptions,
  pushStreamEvent,
} from './event-stream-routes.js';
export {
  FDR_SIM_BUCKET,
  FDR_SIM_KEYS,
  FDR_SIM_QUEUE,
  fdrGzipLines,
  type SimulatedFdrBatch,
  type StartedFdrSimulator,
  startFdrSimulator,
} from './fdr.js';
export {
  FALCON_CLIENT_ID,
  FALCON_CLIENT_SECRET,
  FALCON_PATHS,
  type FalconSimulatorData,
  type FalconSimulatorOptions,
  falconRoutes,
  falconSimulatorOptions,
} from './routes.js';
export { startFalconSimulator } from './start.js';
