/**
 * `@openmdr/connectors/sentinelone`: the SentinelOne connector — threats and agents read
 * incrementally from the Management API v2.1, normalised to OCSF Detection Finding and Device
 * Inventory Info; network disconnect and reconnect with status polling.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export type { NormalizeOptions, NormalizeSource } from '@openmdr/connector-kit/normalize';
export { type SentinelOneConfig, sentineloneConfigSchema } from './config.js';
export { sentineloneConnector } from './connector.js';
export { networkActionInputSchema, networkActionOutputSchema } from './network-actions.js';
export { normalizeSentinelOneAgent, sentineloneDevice } from './normalize-agent.js';
export { sentineloneNormalizeSources } from './normalize-sources.js';
export {
  type NormalizeThreatOptions,
  normalizeSentinelOneThreat,
  SENTINELONE_PRODUCT,
} from './normalize-threat.js';
export { agentUpdatedAt, threatUpdatedAt } from './streams.js';
