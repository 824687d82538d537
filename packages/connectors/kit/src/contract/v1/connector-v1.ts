import type { Clock, Logger, TenantId } from '@openmdr/core';
import type { Dispatcher } from 'undici';
import type * as z from 'zod';
import type { HttpTimeouts } from '../../http/http-client.js';
import type { RateLimiterRegistry, RateLimitPolicy } from '../../http/rate-limiter.js';
import type { RetryOptions } from '../../http/retry-policy.js';
import type { Sleep } from '../../http/sleep.js';
import type { SecretProvider } from '../../secrets/secret-provider.js';
import type { ActionManifestsV1 } from './action-v1.js';
import type { ConnectorInstanceV1 } from './connector-instance-v1.js';
import type { ConnectorManifestV1 } from './manifest-v1.js';

/** Options of {@link ConnectorV1.connect}. */
export interface ConnectOptionsV1 {
  /**
   * The config as stored (JSON). Secret fields may be absent: they are then read from
   * `secrets`. Validated against the connector's config schema.
   */
  config: unknown;
  /** The tenant the instance serves. Default `default`. */
  tenant?: TenantId;
  /** The tenant's secret provider, for secret fields absent from `config`. */
  secrets?: SecretProvider;
  /** undici dispatcher (proxy, mock, pool). Default: the shared `EnvHttpProxyAgent`. */
  dispatcher?: Dispatcher;
  /** Where rate-limit budgets live: share one registry (Redis-backed across processes). */
  rateLimiters?: RateLimiterRegistry;
  /** Overrides the manifest's budget, or `false` for none. */
  rateLimit?: RateLimitPolicy | false;
  /** Retry policy of the vendor HTTP calls, or `false` for none. */
  retry?: RetryOptions | false;
  /** Timeouts of the vendor HTTP calls. */
  timeouts?: HttpTimeouts;
  /** Clock (epoch milliseconds). Default: the system clock. */
  clock?: Clock;
  /** Sleep used between retries and polls. */
  sleep?: Sleep;
  /** Logger; wrapped in a redacting logger. Default: silent. */
  logger?: Logger;
}

/**
 * The connector contract, version 1: a plain object (no base class) that describes a connector
 * and connects it for a tenant. `defineConnector` builds one from an implementation and checks
 * it; anything with this shape is a connector to the consumers.
 *
 * The version tag lets consumers accept several contract versions side by side: a breaking
 * change is a `ConnectorV2` next to this one, never an edit of v1 (members are only added, as
 * optional).
 *
 * @typeParam Config - the validated config (the config schema's output).
 * @typeParam Streams - the stream names.
 * @typeParam Actions - the action manifests by name.
 */
export interface ConnectorV1<
  Config = unknown,
  Streams extends string = string,
  Actions extends ActionManifestsV1 = ActionManifestsV1,
> {
  /** Contract version: always `'v1'`. */
  readonly specificationVersion: 'v1';
  /** The manifest (static: the same for every tenant). */
  readonly manifest: ConnectorManifestV1<Streams, Actions>;
  /** The config schema (zod); credential fields are marked with `secret()`. */
  readonly configSchema: z.ZodType<Config>;
  /**
   * The config schema as JSON Schema (draft 2020-12), for forms and registries: secret fields
   * are marked `writeOnly` and `x-openmdr-secret`. Pure.
   */
  configJsonSchema(): Record<string, unknown>;
  /** A copy of a config with secret fields replaced by `[REDACTED]`, for logs and UIs. Pure. */
  redactConfig(config: Config): Config;
  /**
   * Validates the config (`ConnectorConfigError` naming keys, never values), resolves its
   * secrets, builds the vendor client and returns an instance for one tenant. Makes no vendor
   * call unless the client needs one to start (call `check()` to prove the credentials). Each
   * call returns a new instance; close it when done.
   */
  connect(options: ConnectOptionsV1): Promise<ConnectorInstanceV1<Streams, Actions>>;
}
