/**
 * `@openmdr/connectors/rest`: the reference connector — a generic REST/JSON connector built only
 * with the kit (any auth scheme, any cursor style, declarative OCSF mapping, actions with
 * asynchronous polling) and a webhook handler for vendors that push.
 *
 * @packageDocumentation
 */
export { restActionInputSchema, restActionOutputSchema } from './rest-actions.js';
export { createRestClient, type RestClient, restBaseUrl } from './rest-client.js';
export {
  type ResolvedRestConnectorSpec,
  type RestConfig,
  type RestConnectorSpec,
  restConfigSchema,
  restConnectorSpecSchema,
} from './rest-config.js';
export { createRestConnector, REST_STATE_VERSION } from './rest-connector.js';
export { normalizeRestRecord, RestNormalizeError, recordId, recordTime } from './rest-normalize.js';
export { createRestWebhookHandler, type RestWebhookOptions } from './rest-webhook.js';
