/**
 * `@openmdr/connectors/crowdstrike`: the CrowdStrike Falcon connector — alerts and hosts read
 * incrementally, normalised to OCSF Detection Finding and Device Inventory Info; network
 * containment with status polling.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export type { NormalizeOptions, NormalizeSource } from '@openmdr/connector-kit/normalize';
export { type CrowdStrikeClient, createCrowdStrikeClient } from './client.js';
export {
  CROWDSTRIKE_REGIONS,
  type CrowdStrikeConfig,
  type CrowdStrikeRegion,
  crowdstrikeBaseUrl,
  crowdstrikeConfigSchema,
} from './config.js';
export { crowdstrikeConnector } from './connector.js';
export {
  containmentInputSchema,
  containmentOutputSchema,
} from './containment-actions.js';
export { CROWDSTRIKE_PRODUCT, normalizeCrowdStrikeAlert } from './normalize-alert.js';
export { crowdstrikeDeviceTypeId, normalizeCrowdStrikeHost } from './normalize-host.js';
export { crowdstrikeNormalizeSources } from './normalize-sources.js';
