/**
 * `@openmdr/connectors/defender`: the Microsoft Defender connector — Defender for Endpoint
 * alerts and machines, Defender XDR alerts and incidents (Microsoft Graph), commercial and US
 * government clouds; normalised to OCSF Detection Finding, Incident Finding and Device
 * Inventory Info; machine isolation and release with polling; alert and incident triage.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export type { NormalizeOptions, NormalizeSource } from '@openmdr/connector-kit/normalize';
export { createDefenderClient, type DefenderClient, type ODataPage } from './client.js';
export {
  DEFENDER_CLOUDS,
  DEFENDER_REGIONS,
  type DefenderCloud,
  type DefenderCloudName,
  type DefenderConfig,
  defenderConfigSchema,
  defenderEndpoints,
} from './config.js';
export { defenderConnector } from './connector.js';
export { DEFENDER_ENDPOINT_PRODUCT, DEFENDER_XDR_PRODUCT } from './defender-parts.js';
export {
  additionalFields,
  type HuntingRecord,
  huntingUid,
  isAdvancedHuntingRecord,
  readHuntingRecord,
} from './hunting-record.js';
export {
  isolateInputSchema,
  machineActionOutputSchema,
  releaseInputSchema,
} from './machine-actions.js';
export { normalizeDefenderEndpointAlert } from './normalize-endpoint-alert.js';
export { normalizeDefenderGraphAlert } from './normalize-graph-alert.js';
export { HUNTING_TABLES, normalizeDefenderHuntingRecord } from './normalize-hunting.js';
export { normalizeDefenderIncident, UNASSIGNED } from './normalize-incident.js';
export { normalizeDefenderMachine } from './normalize-machine.js';
export { defenderNormalizeSources } from './normalize-sources.js';
export {
  triageOutputSchema,
  updateAlertInputSchema,
  updateIncidentInputSchema,
} from './triage-actions.js';
