/**
 * `@openmdr/connectors/okta`: the Okta connector (System Log → OCSF; suspend, unsuspend, clear
 * sessions, expire password) and its pure normaliser.
 *
 * @packageDocumentation
 */

export { NormalizationError } from '@openmdr/connector-kit';
export {
  oktaActionManifests,
  oktaActions,
  oktaClearSessionsInput,
  oktaUserActionInput,
  oktaUserActionOutput,
} from './actions.js';
export {
  OKTA_DEFAULT_SCOPES,
  type OktaConfig,
  oktaAuthSchema,
  oktaConfigSchema,
} from './config.js';
export { oktaConnector, oktaManifest } from './connector.js';
export { OKTA_EVENT_TYPES, type OktaEventMapping, oktaEventMapping } from './event-types.js';
export {
  type CheckedOktaLogEvent,
  type OktaLogActor,
  type OktaLogEvent,
  oktaEventHookEvents,
  oktaLogEventSchema,
  unwrapOktaRecord,
} from './log-event.js';
export { deriveOktaEventId, oktaEventId } from './log-event-id.js';
export {
  DERIVED_UUID_WARNING,
  type NormalizeOktaOptions,
  normalizeOktaLogEvent,
} from './normalize.js';
export {
  isOktaLogEvent,
  type OktaNormalizeSource,
  oktaNormalizeSources,
} from './normalize-sources.js';
export { OKTA_LOGS_PATH, type OktaClient, type OktaLogsState, readOktaLogs } from './read-logs.js';
