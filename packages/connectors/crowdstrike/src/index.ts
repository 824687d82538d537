/**
 * `@openmdr/connectors/crowdstrike`: the CrowdStrike Falcon connector — alerts and hosts read
 * incrementally, normalised to OCSF Detection Finding and Device Inventory Info; the Event
 * Streams (streaming API) and Falcon Data Replicator telemetry (SQS + S3), normalised by event
 * type; network containment with status polling.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export type { NormalizeOptions, NormalizeSource } from '@openmdr/connector-kit/normalize';
export {
  type CrowdStrikeClient,
  type CrowdStrikeFdrClient,
  createCrowdStrikeClient,
} from './client.js';
export {
  CROWDSTRIKE_REGIONS,
  type CrowdStrikeConfig,
  type CrowdStrikeFdrConfig,
  type CrowdStrikeRegion,
  crowdstrikeBaseUrl,
  crowdstrikeConfigSchema,
  crowdstrikeFdrConfigSchema,
} from './config.js';
export { crowdstrikeConnector } from './connector.js';
export {
  containmentInputSchema,
  containmentOutputSchema,
} from './containment-actions.js';
export {
  EVENT_STREAM_STATE_VERSION,
  type EventStreamState,
} from './event-stream.js';
export { falconTime } from './falcon-time.js';
export {
  FDR_POISON_TYPE,
  type FdrNotification,
  type FdrObjectRef,
  type FdrPoisonFile,
  isFdrPoisonFile,
  parseFdrNotification,
} from './fdr-notification.js';
export { FDR_STATE_VERSION, type FdrQueueState } from './fdr-stream.js';
export { CROWDSTRIKE_PRODUCT, normalizeCrowdStrikeAlert } from './normalize-alert.js';
export { isCrowdStrikeFdrRecord, normalizeCrowdStrikeFdrEvent } from './normalize-fdr.js';
export { crowdstrikeDeviceTypeId, normalizeCrowdStrikeHost } from './normalize-host.js';
export { crowdstrikeNormalizeSources } from './normalize-sources.js';
export {
  isCrowdStrikeStreamEvent,
  isKnownCrowdStrikeStreamEventType,
  normalizeCrowdStrikeStreamEvent,
} from './normalize-stream-event.js';
