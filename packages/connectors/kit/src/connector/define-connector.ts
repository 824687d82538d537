import { DEFAULT_TENANT, redactingLogger, silentLogger, systemClock } from '@openmdr/core';
import type * as z from 'zod';
import { redactConfig, resolveConfig } from '../config/resolve-config.js';
import { configJsonSchema } from '../config/secret-field.js';
import type { ActionManifestsV1, ActionResultV1 } from '../contract/v1/action-v1.js';
import type {
  ConnectorInstanceV1,
  RunActionOptionsV1,
} from '../contract/v1/connector-instance-v1.js';
import type { ConnectOptionsV1, ConnectorV1 } from '../contract/v1/connector-v1.js';
import type { NormalizedBatchV1, NormalizedEventV1 } from '../contract/v1/normalized-event-v1.js';
import type { ReadBatchV1 } from '../contract/v1/stream-v1.js';
import { createHttpClient } from '../http/http-client.js';
import { RateLimiterRegistry } from '../http/rate-limiter.js';
import { realSleep } from '../http/sleep.js';
import { checkDefinition } from './check-definition.js';
import type {
  ConnectorContext,
  ConnectorDefinition,
  ConnectorSession,
} from './connector-definition.js';
import { createInstance } from './create-instance.js';

export type { ConnectorV1 } from '../contract/v1/connector-v1.js';
export type {
  ActionDefinition,
  ActionDefinitions,
  ConnectorContext,
  ConnectorDefinition,
  ConnectorSession,
  ContextHttpClientOptions,
  SearchDefinition,
  StreamDefinition,
} from './connector-definition.js';

/** An OCSF event as a normaliser produces it (the current contract's {@link NormalizedEventV1}). */
export type NormalizedEvent = NormalizedEventV1;

/** A normalised batch with its dead letters (the current contract's {@link NormalizedBatchV1}). */
export type NormalizedBatch = NormalizedBatchV1;

/** One batch read from a stream (the current contract's {@link ReadBatchV1}). */
export type ReadBatch<Raw = unknown> = ReadBatchV1<Raw>;

/** Where an action stands (the current contract's {@link ActionResultV1}). */
export type ActionResult<Output = unknown> = ActionResultV1<Output>;

/** Options of `connect` (the current contract's {@link ConnectOptionsV1}). */
export type ConnectOptions = ConnectOptionsV1;

/** Options of `runAction` (the current contract's {@link RunActionOptionsV1}). */
export type RunActionOptions = RunActionOptionsV1;

/** A connector connected for one tenant (the current contract's {@link ConnectorInstanceV1}). */
export type ConnectorInstance<
  Streams extends string = string,
  Actions extends ActionManifestsV1 = ActionManifestsV1,
> = ConnectorInstanceV1<Streams, Actions>;

const processRateLimiters = new RateLimiterRegistry();

/**
 * Defines a connector: checks the manifest and that every declared stream and action is
 * implemented (and each action kind implemented once), and returns the {@link ConnectorV1}
 * contract. The config type is inferred from the zod schema. Stream and action names, and each
 * action's input and output types, are kept on the connector and its instances when the
 * manifest's type is not widened (written inline, or declared without a `ConnectorManifest`
 * annotation). Declare actions that implement action kinds with `defineAction`: it checks each
 * input builder against the action's input schema, and keeps the action types (an inline
 * builder whose `request` parameter has no type leaves `run`'s input `unknown`).
 *
 * @example
 * ```ts
 * export const acmeConnector = defineConnector({
 *   manifest: { id: 'acme-edr', vendor: 'Acme', product: 'EDR', category: 'edr', … },
 *   config: z.object({ region: z.enum(['us', 'eu']), apiToken: secret() }),
 *   createClient: (config, context) => context.createHttpClient({ baseUrl: …, auth: staticToken({ token: config.apiToken }) }),
 *   check: async ({ client }) => { await client.request({ path: '/v1/me' }); },
 *   streams: { alerts: { read: …, normalize: … } },
 * });
 * ```
 * @throws ConnectorDefinitionError when the manifest or the implementation is incomplete.
 */
export function defineConnector<
  Schema extends z.ZodType,
  Client,
  Streams extends string = string,
  Actions extends ActionManifestsV1 = ActionManifestsV1,
>(
  definition: ConnectorDefinition<Schema, Client, Streams, Actions>,
): ConnectorV1<z.output<Schema>, Streams, Actions> {
  checkDefinition(definition);
  const { manifest } = definition;
  type Config = z.output<Schema>;
  return {
    specificationVersion: 'v1',
    manifest,
    configSchema: definition.config as unknown as z.ZodType<Config>,
    configJsonSchema: () => configJsonSchema(definition.config),
    redactConfig: (config) => redactConfig(definition.config, config),
    connect: async (options) => {
      const tenant = options.tenant ?? DEFAULT_TENANT;
      const config = (await resolveConfig(definition.config, options.config, {
        connectorId: manifest.id,
        tenant,
        ...(options.secrets ? { secrets: options.secrets } : {}),
      })) as Config;
      const clock = options.clock ?? systemClock;
      const sleep = options.sleep ?? realSleep;
      const logger = redactingLogger(options.logger ?? silentLogger);
      const registry = options.rateLimiters ?? processRateLimiters;
      const context: ConnectorContext = {
        tenant,
        manifest,
        clock,
        sleep,
        logger,
        dispatcher: options.dispatcher,
        ...(options.retry === undefined ? {} : { retry: options.retry }),
        ...(options.timeouts ? { timeouts: options.timeouts } : {}),
        rateLimiter: (host, override) => {
          const policy =
            options.rateLimit === false
              ? undefined
              : (override ?? options.rateLimit ?? manifest.rateLimit);
          return policy ? registry.get(tenant, manifest.id, host, policy) : undefined;
        },
        createHttpClient: (clientOptions) => {
          const policy =
            options.rateLimit === false
              ? undefined
              : (clientOptions.rateLimit ?? options.rateLimit ?? manifest.rateLimit);
          const host = new URL(clientOptions.baseUrl).host;
          return createHttpClient({
            baseUrl: clientOptions.baseUrl,
            clock,
            sleep,
            logger,
            ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
            ...(clientOptions.auth ? { auth: clientOptions.auth } : {}),
            ...(clientOptions.headers ? { headers: clientOptions.headers } : {}),
            ...(options.retry === undefined ? {} : { retry: options.retry }),
            ...(options.timeouts ? { timeouts: options.timeouts } : {}),
            ...(policy ? { rateLimiter: registry.get(tenant, manifest.id, host, policy) } : {}),
          });
        },
      };
      const client = await definition.createClient(config, context);
      const session: ConnectorSession<Config, Client> = { config, client, context };
      return createInstance(definition, session);
    },
  };
}
