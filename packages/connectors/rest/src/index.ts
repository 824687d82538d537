/**
 * `@openmdr/connectors/rest`: the reference connector — a generic REST/JSON connector built only
 * with the kit (any auth scheme, any cursor style, declarative OCSF mapping, actions with
 * asynchronous polling) and a webhook handler for vendors that push.
 *
 * @packageDocumentation
 */
export { restActionInputSchema, restActionOutputSchema } from './actions.js';
export { createRestClient, type RestClient, restBaseUrl } from './client.js';
export {
  type ResolvedRestConnectorSpec,
  type RestConfig,
  type RestConnectorSpec,
  restConfigSchema,
  restConnectorSpecSchema,
} from './config.js';
export { createRestConnector, REST_STATE_VERSION } from './connector.js';
export { normalizeRestRecord, recordId, recordTime } from './normalize.js';
export { createRestWebhookHandler, type RestWebhookOptions } from './webhook.js';
