/**
 * `@openmdr/connector-kit`: the connector kit. The contract is {@link ConnectorV1} and its
 * types (`contract/v1`: manifests, streams, actions, the action-kind vocabulary
 * {@link ACTION_KINDS_V1} and vendor-neutral {@link ActionRequestV1}s). Define a connector with
 * {@link defineConnector} (actions with {@link defineAction}); talk to vendors with
 * {@link createHttpClient} (undici, retries honouring `Retry-After`, rate limits on bottleneck,
 * shared through Redis), the auth schemes (OAuth2 client credentials, `private_key_jwt`, static
 * tokens, Basic, HMAC, AWS SigV4), the pagination styles and {@link incrementalRead}; receive
 * pushes with {@link createWebhookReceiver}.
 *
 * @packageDocumentation
 */
export * from './auth/index.js';
export {
  type ResolveConfigOptions,
  redactConfig,
  resolveConfig,
  toConfigIssues,
} from './config/resolve-config.js';
export {
  configJsonSchema,
  defaultSecretName,
  findSecretFields,
  type SecretFieldLocation,
  type SecretFieldMetadata,
  secret,
  secretFields,
} from './config/secret-field.js';
export {
  actionsByKind,
  type BuiltActionInput,
  buildActionInput,
} from './connector/action-kinds.js';
export {
  ActionKindNotImplementedError,
  ActionRequestError,
} from './connector/action-request-errors.js';
export { defineAction } from './connector/define-action.js';
export {
  type ActionDefinition,
  type ActionDefinitions,
  type ActionResult,
  type ConnectOptions,
  type ConnectorContext,
  type ConnectorDefinition,
  type ConnectorInstance,
  type ConnectorSession,
  type ConnectorV1,
  type ContextHttpClientOptions,
  defineConnector,
  type NormalizedBatch,
  type NormalizedEvent,
  type ReadBatch,
  type RunActionOptions,
  type SearchDefinition,
  type StreamDefinition,
} from './connector/define-connector.js';
export {
  type ConnectorActionManifest,
  type ConnectorCategory,
  type ConnectorManifest,
  type ConnectorRegion,
  type ConnectorStreamManifest,
  connectorManifestSchema,
  manifestToJson,
} from './connector/manifest.js';
export { ocsfEventsInputSchema } from './connector/ocsf-events-input.js';
export {
  type ObjectTargetKey,
  requireTarget,
  type ScalarTargetKey,
} from './connector/require-target.js';
export * from './contract/v1/index.js';
export * from './errors/index.js';
export { ConnectorSearchError } from './errors/search-error.js';
export * from './files/index.js';
export { createProxyDispatcher, defaultDispatcher, type ProxyOptions } from './http/dispatcher.js';
export {
  buildUrl,
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequestOptions,
  type HttpResponse,
  type HttpTimeouts,
  type QueryValue,
} from './http/http-client.js';
export {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
  RateLimiterRegistry,
  type RateLimiterStore,
  type RateLimitPolicy,
  rateLimitKey,
} from './http/rate-limiter.js';
export { isSecretHeader, redactHeaders, redactRequest, redactUrl } from './http/redact-request.js';
export {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  type ResolvedRetryOptions,
  type RetryOptions,
  resolveRetryOptions,
} from './http/retry-policy.js';
export { realSleep, type Sleep } from './http/sleep.js';
export { readPath } from './pagination/json-path.js';
export { parseLinkHeader } from './pagination/link-header.js';
export {
  type CursorStyle,
  formatTime,
  type LinkHeaderPagination,
  type NextTokenPagination,
  type ODataNextLinkPagination,
  type OffsetPagination,
  type Page,
  type PaginationOptions,
  paginate,
  type SearchAfterPagination,
  type TimeWindowPagination,
} from './pagination/paginate.js';
export {
  type ConnectorSourceOptions,
  connectorNormalizer,
  connectorSource,
  rawRecordId,
} from './pipeline/index.js';
export * from './search/index.js';
export type { SecretProvider } from './secrets/secret-provider.js';
export { type DedupEntries, DedupWindow, type DedupWindowOptions } from './state/dedup-window.js';
export {
  INCREMENTAL_STATE_VERSION,
  type IncrementalBatch,
  type IncrementalReadOptions,
  type IncrementalState,
  incrementalRead,
} from './state/incremental-read.js';
export { migrateState, type StateMigration, type VersionedState } from './state/stream-state.js';
export { VERSION } from './version.js';
export {
  createWebhookReceiver,
  signWebhook,
  type VerifiedWebhook,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from './webhook/webhook-receiver.js';
