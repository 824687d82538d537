/**
 * `@openmdr/connector-cloudtrail/simulator`: a simulated CloudTrail deployment on 127.0.0.1 —
 * the kit's AWS simulator (STS AssumeRole, the trail's S3 bucket of gzip'd log files, the SQS
 * queue of their notifications) plus a LookupEvents endpoint — for demos, examples and tests.
 * Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  answerLookupEvents,
  LOOKUP_EVENTS_TARGET,
  type LookupEventsData,
  lookupEventOf,
  lookupEventsRoutes,
  type SimulatedLookupEvent,
} from './lookup-events-route.js';
export {
  cloudTrailGzipRecords,
  cloudTrailKey,
  cloudTrailNotificationBody,
  type SimulatedLogFile,
} from './seed.js';
export {
  CLOUDTRAIL_SIM_BUCKET,
  CLOUDTRAIL_SIM_KEYS,
  CLOUDTRAIL_SIM_QUEUE,
  CLOUDTRAIL_SIM_ROLE,
  type CloudtrailSimulatorConfig,
  type CloudtrailSimulatorOptions,
  type StartedCloudtrailSimulator,
  startCloudtrailSimulator,
} from './start.js';
