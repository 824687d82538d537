/**
 * `@openmdr/connector-darktrace`: the Darktrace connector — `model-breaches` (`GET /modelbreaches`)
 * and `ai-analyst-incidents` (`GET /aianalyst/incidentevents`), read by time window with a
 * look-back and normalised to OCSF Detection Finding; `acknowledge-breach`,
 * `unacknowledge-breach` and `comment-breach`; the RESPOND actions `quarantine-device`
 * (`contain_device`), `release-device` (`allow_device`), `block-connections` (`deny_ip`) and
 * `activate-` / `extend-` / `clear-` / `reactivate-respond-action`; requests signed with the API
 * token pair.
 *
 * @packageDocumentation
 */

export {
  acknowledgeBreachAction,
  acknowledgeBreachManifest,
  breachAcknowledgementOutputSchema,
  breachInputSchema,
  commentBreachAction,
  commentBreachInputSchema,
  commentBreachManifest,
  commentBreachOutputSchema,
  unacknowledgeBreachAction,
  unacknowledgeBreachManifest,
} from './actions.js';
export {
  type DarktraceAuthOptions,
  darktraceAuth,
  darktraceDate,
  darktraceSignature,
  darktraceSignedString,
} from './auth.js';
export { createDarktraceClient, type DarktraceClient } from './client.js';
export { type DarktraceConfig, darktraceConfigSchema } from './config.js';
export { darktraceConnector } from './connector.js';
export { darktraceNormalizeSources } from './normalize.js';
export { DARKTRACE_PRODUCT, darktraceSeverity } from './normalize-common.js';
export { normalizeDarktraceIncident } from './normalize-incident.js';
export { normalizeDarktraceModelBreach } from './normalize-model-breach.js';
export {
  activateRespondAction,
  activateRespondInputSchema,
  clearRespondAction,
  clearRespondInputSchema,
  DARKTRACE_ANTIGENA_PATH,
  extendRespondAction,
  reactivateRespondAction,
  respondChangeBody,
  respondChangeManifests,
  respondChangeOutputSchema,
  timedRespondInputSchema,
} from './respond-code-actions.js';
export { DARKTRACE_DEVICES_PATH, findDevice, type RespondDevice } from './respond-devices.js';
export {
  codeidSchema,
  DEFAULT_RESPOND_DURATION_S,
  didSchema,
  requestDevice,
  requestDurationSeconds,
  requestModifiers,
} from './respond-inputs.js';
export {
  blockConnectionsAction,
  blockConnectionsInputSchema,
  DARKTRACE_ANTIGENA_MANUAL_PATH,
  manualRespondOutputSchema,
  QUARANTINE_MODES,
  quarantineDeviceAction,
  quarantineDeviceInputSchema,
  releaseDeviceAction,
  releaseDeviceInputSchema,
  releaseDeviceOutputSchema,
  respondDeviceManifests,
} from './respond-manual-actions.js';
export {
  aiAnalystIncidentsStream,
  DARKTRACE_INCIDENTS_PATH,
  DARKTRACE_MODEL_BREACHES_PATH,
  modelBreachesStream,
} from './streams.js';
