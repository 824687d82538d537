import {
  type Clock,
  DEFAULT_TENANT,
  type Logger,
  OpenMdrError,
  redactingLogger,
  silentLogger,
  systemClock,
  type TenantId,
} from '@openmdr/core';
import type { Dispatcher } from 'undici';
import type * as z from 'zod';
import type { Authenticator } from '../auth/authenticator.js';
import { redactConfig, resolveConfig } from '../config/resolve-config.js';
import { configJsonSchema } from '../config/secret-field.js';
import {
  ConnectorActionError,
  ConnectorDefinitionError,
  ConnectorStateError,
} from '../errors/connector-errors.js';
import { createHttpClient, type HttpClient, type HttpTimeouts } from '../http/http-client.js';
import { RateLimiterRegistry, type RateLimitPolicy } from '../http/rate-limiter.js';
import type { RetryOptions } from '../http/retry-policy.js';
import { realSleep, type Sleep } from '../http/sleep.js';
import type { SecretProvider } from '../secrets/secret-provider.js';
import { migrateState, type StateMigration, type VersionedState } from '../state/stream-state.js';
import { type ConnectorManifest, connectorManifestSchema } from './manifest.js';

/** An OCSF event as produced by a normaliser (validated downstream against the OCSF model). */
export type NormalizedEvent = Record<string, unknown> & { class_uid: number };

/** Options of {@link ConnectorContext.createHttpClient}. */
export interface ContextHttpClientOptions {
  /** API base URL (from the config's region or base URL). */
  baseUrl: string;
  /** Credentials. */
  auth?: Authenticator;
  /** Overrides the manifest's budget for this client. */
  rateLimit?: RateLimitPolicy;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/** What the kit gives a connector's code: tenant, clock, logger, and wired HTTP clients. */
export interface ConnectorContext {
  /** The tenant this instance serves. */
  readonly tenant: TenantId;
  /** The connector's manifest. */
  readonly manifest: ConnectorManifest;
  /** Clock. */
  readonly clock: Clock;
  /** Sleep (injectable). */
  readonly sleep: Sleep;
  /** A redacting logger. */
  readonly logger: Logger;
  /** The dispatcher for auth calls that bypass the HTTP client (token endpoints). */
  readonly dispatcher: Dispatcher | undefined;
  /**
   * An HTTP client wired with the dispatcher, timeouts, retries and the rate limiter of
   * tenant × connector × host.
   */
  createHttpClient(options: ContextHttpClientOptions): HttpClient;
}

/** A connected connector: its validated config, its vendor client and the context. */
export interface ConnectorSession<Config, Client> {
  /** The validated config (secrets included: never log it, use `redactConfig`). */
  readonly config: Config;
  /** The connector's vendor client. */
  readonly client: Client;
  /** The context. */
  readonly context: ConnectorContext;
  /** Cancels the current operation. */
  readonly signal?: AbortSignal;
}

/** One batch read from a stream: its records and the state to commit once they are accepted. */
export interface ReadBatch<Raw = unknown> {
  /** Raw vendor records. */
  records: Raw[];
  /** The stream state after this batch (JSON, no secrets). */
  state: VersionedState;
}

/** How a connector reads and normalises one stream. */
export interface StreamDefinition<Config, Client, Raw = unknown> {
  /**
   * Reads the stream from `state` (undefined on a first run; already migrated to the manifest's
   * `stateVersion`) and yields batches with the state after each.
   */
  read(
    session: ConnectorSession<Config, Client>,
    state: VersionedState | undefined,
  ): AsyncIterable<ReadBatch<Raw>>;
  /** Maps one raw record to OCSF (one event, or several). Throws on records it cannot map. */
  normalize(
    raw: Raw,
    session: ConnectorSession<Config, Client>,
  ): NormalizedEvent | NormalizedEvent[];
  /** Migrations from older state versions: `migrations[v]` upgrades version v to v + 1. */
  migrations?: Readonly<Record<number, StateMigration>>;
}

/** Where an action stands. */
export type ActionResult<Output = unknown> =
  | { status: 'completed'; output: Output }
  | { status: 'pending'; handle: string }
  | { status: 'failed'; reason: string };

/** How a connector performs one response action. */
export interface ActionDefinition<Config, Client> {
  /** Starts the action with validated input. */
  run(input: unknown, session: ConnectorSession<Config, Client>): Promise<ActionResult>;
  /** Polls an asynchronous action by the handle `run` returned. */
  poll?(handle: string, session: ConnectorSession<Config, Client>): Promise<ActionResult>;
}

/** What a connector author passes to {@link defineConnector}. */
export interface ConnectorDefinition<Schema extends z.ZodType, Client> {
  /** The manifest. */
  manifest: ConnectorManifest;
  /** The config schema; mark credentials with `secret()`. */
  config: Schema;
  /** Builds the vendor client from the validated config. */
  createClient(config: z.output<Schema>, context: ConnectorContext): Client | Promise<Client>;
  /** Proves the config works: reach the API with the credentials, cheaply. Throws typed errors. */
  check(session: ConnectorSession<z.output<Schema>, Client>): Promise<void>;
  /** Streams, one per manifest stream. */
  streams: Readonly<Record<string, StreamDefinition<z.output<Schema>, Client>>>;
  /** Actions, one per manifest action. */
  actions?: Readonly<Record<string, ActionDefinition<z.output<Schema>, Client>>>;
  /** Releases the client. */
  close?(session: ConnectorSession<z.output<Schema>, Client>): Promise<void>;
}

/** Options of {@link ConnectorV1.connect}. */
export interface ConnectOptions {
  /** The config as stored (secret fields may be absent: they are read from `secrets`). */
  config: unknown;
  /** The tenant. Default `default`. */
  tenant?: TenantId;
  /** The tenant secret provider. */
  secrets?: SecretProvider;
  /** undici dispatcher (proxy, mock, pool). Default: the shared `EnvHttpProxyAgent`. */
  dispatcher?: Dispatcher;
  /** Where budgets live: share one registry (Redis-backed for several processes). */
  rateLimiters?: RateLimiterRegistry;
  /** Overrides the manifest's budget, or `false` for none. */
  rateLimit?: RateLimitPolicy | false;
  /** Retry policy, or `false`. */
  retry?: RetryOptions | false;
  /** Timeouts. */
  timeouts?: HttpTimeouts;
  /** Clock. */
  clock?: Clock;
  /** Sleep. */
  sleep?: Sleep;
  /** Logger (wrapped in a redacting logger). */
  logger?: Logger;
}

/** Options of {@link ConnectorInstance.runAction}. */
export interface RunActionOptions {
  /** Wait between polls, in ms. Default 2 000. */
  pollIntervalMs?: number;
  /** Give up after this long, in ms. Default 300 000. */
  timeoutMs?: number;
  /** Cancels polling. */
  signal?: AbortSignal;
}

/** A normalised batch: events, and the records that could not be normalised with the reason. */
export interface NormalizedBatch {
  /** OCSF events. */
  events: NormalizedEvent[];
  /** Records for the dead-letter path. */
  deadLetters: Array<{ record: unknown; error: OpenMdrError }>;
}

/** A connector connected for one tenant. */
export interface ConnectorInstance {
  /** The manifest. */
  readonly manifest: ConnectorManifest;
  /** The tenant. */
  readonly tenant: TenantId;
  /** Proves the config works; throws a typed, secret-free error otherwise. */
  check(): Promise<void>;
  /** Reads a stream from a stored state (migrated first), yielding batches and states. */
  read(stream: string, state?: unknown): AsyncIterable<ReadBatch>;
  /** Normalises one raw record to OCSF events. */
  normalize(stream: string, raw: unknown): NormalizedEvent[];
  /** Normalises a batch; records that fail go to `deadLetters` and the rest go on. */
  normalizeBatch(stream: string, records: readonly unknown[]): NormalizedBatch;
  /** Starts an action (input validated against the manifest). */
  startAction(name: string, input: unknown): Promise<ActionResult>;
  /** Polls an asynchronous action. */
  pollAction(name: string, handle: string): Promise<ActionResult>;
  /** Starts an action and polls it to completion; returns the validated output. */
  runAction(name: string, input: unknown, options?: RunActionOptions): Promise<unknown>;
  /** Releases resources. */
  close(): Promise<void>;
}

/** The structural connector contract, version 1. */
export interface ConnectorV1<Config = unknown> {
  /** Contract version. */
  readonly specificationVersion: 'v1';
  /** The manifest. */
  readonly manifest: ConnectorManifest;
  /** The config schema. */
  readonly configSchema: z.ZodType<Config>;
  /** The config schema as JSON Schema, secret fields marked `writeOnly` and `x-openmdr-secret`. */
  configJsonSchema(): Record<string, unknown>;
  /** A copy of a config with secret fields redacted. */
  redactConfig(config: Config): Config;
  /** Validates the config, resolves its secrets and connects for one tenant. */
  connect(options: ConnectOptions): Promise<ConnectorInstance>;
}

const processRateLimiters = new RateLimiterRegistry();

function checkDefinition<Schema extends z.ZodType, Client>(
  definition: ConnectorDefinition<Schema, Client>,
): void {
  const parsed = connectorManifestSchema.safeParse(definition.manifest);
  if (!parsed.success) {
    throw new ConnectorDefinitionError(
      `manifest of ${String(definition.manifest?.id)} is invalid: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const { manifest } = definition;
  for (const name of Object.keys(manifest.streams)) {
    if (!definition.streams[name]) {
      throw new ConnectorDefinitionError(`${manifest.id}: stream ${name} has no implementation`);
    }
  }
  for (const name of Object.keys(definition.streams)) {
    if (!manifest.streams[name]) {
      throw new ConnectorDefinitionError(`${manifest.id}: stream ${name} is not in the manifest`);
    }
  }
  for (const [name, action] of Object.entries(manifest.actions)) {
    const implementation = definition.actions?.[name];
    if (!implementation) {
      throw new ConnectorDefinitionError(`${manifest.id}: action ${name} has no implementation`);
    }
    if (action.asynchronous && !implementation.poll) {
      throw new ConnectorDefinitionError(`${manifest.id}: asynchronous action ${name} has no poll`);
    }
  }
}

/**
 * Defines a connector: checks the manifest and that every declared stream and action is
 * implemented, and returns the structural {@link ConnectorV1} contract.
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
export function defineConnector<Schema extends z.ZodType, Client>(
  definition: ConnectorDefinition<Schema, Client>,
): ConnectorV1<z.output<Schema>> {
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

function createInstance<Schema extends z.ZodType, Client>(
  definition: ConnectorDefinition<Schema, Client>,
  session: ConnectorSession<z.output<Schema>, Client>,
): ConnectorInstance {
  const { manifest } = definition;
  const streamOf = (name: string) => {
    const stream = definition.streams[name];
    const declared = manifest.streams[name];
    if (!stream || !declared) {
      throw new ConnectorDefinitionError(`${manifest.id} has no stream ${JSON.stringify(name)}`);
    }
    return { stream, declared };
  };
  const actionOf = (name: string) => {
    const action = definition.actions?.[name];
    const declared = manifest.actions[name];
    if (!action || !declared) {
      throw new ConnectorActionError(`${manifest.id} has no action ${JSON.stringify(name)}`);
    }
    return { action, declared };
  };
  const checkOutput = (name: string, result: ActionResult): ActionResult => {
    if (result.status !== 'completed') return result;
    const parsed = actionOf(name).declared.output.safeParse(result.output);
    if (!parsed.success) {
      throw new ConnectorActionError(
        `${manifest.id}.${name} returned output that fails its schema`,
        {
          details: {
            issues: parsed.error.issues.map((i) => ({
              path: i.path.join('.'),
              message: i.message,
            })),
          },
        },
      );
    }
    return { status: 'completed', output: parsed.data };
  };
  const normalize = (name: string, raw: unknown): NormalizedEvent[] => {
    const out = streamOf(name).stream.normalize(raw, session);
    const events = Array.isArray(out) ? out : [out];
    for (const event of events) {
      const metadata = (event['metadata'] ?? {}) as Record<string, unknown>;
      if (metadata['tenant_uid'] === undefined) {
        event['metadata'] = { ...metadata, tenant_uid: session.context.tenant };
      }
    }
    return events;
  };
  const instance: ConnectorInstance = {
    manifest,
    tenant: session.context.tenant,
    check: () => definition.check(session),
    read: (name, state) => {
      const { stream, declared } = streamOf(name);
      const migrated = migrateState(state, declared.stateVersion, stream.migrations);
      return (async function* () {
        for await (const batch of stream.read(session, migrated)) {
          if (batch.state.version !== declared.stateVersion) {
            throw new ConnectorStateError(
              `${manifest.id}.${name} emitted state version ${batch.state.version}, manifest says ${declared.stateVersion}`,
            );
          }
          yield batch;
        }
      })();
    },
    normalize,
    normalizeBatch: (name, records) => {
      const batch: NormalizedBatch = { events: [], deadLetters: [] };
      for (const record of records) {
        try {
          batch.events.push(...normalize(name, record));
        } catch (error) {
          batch.deadLetters.push({
            record,
            error: OpenMdrError.isInstance(error)
              ? error
              : new OpenMdrError(
                  'CONNECTOR_NORMALIZE',
                  `${manifest.id}.${name}: record could not be normalised`,
                  {
                    cause: error,
                  },
                ),
          });
        }
      }
      return batch;
    },
    startAction: async (name, input) => {
      const { action, declared } = actionOf(name);
      const parsed = declared.input.safeParse(input);
      if (!parsed.success) {
        throw new ConnectorActionError(`${manifest.id}.${name}: invalid input`, {
          details: {
            issues: parsed.error.issues.map((i) => ({
              path: i.path.join('.'),
              message: i.message,
            })),
          },
        });
      }
      return checkOutput(name, await action.run(parsed.data, session));
    },
    pollAction: async (name, handle) => {
      const { action } = actionOf(name);
      if (!action.poll)
        throw new ConnectorActionError(`${manifest.id}.${name} is not asynchronous`);
      return checkOutput(name, await action.poll(handle, session));
    },
    runAction: async (name, input, options = {}) => {
      const { clock, sleep } = session.context;
      const deadline = clock.now() + (options.timeoutMs ?? 300_000);
      let result = await instance.startAction(name, input);
      while (result.status === 'pending') {
        if (clock.now() >= deadline) {
          throw new ConnectorActionError(`${manifest.id}.${name} did not complete in time`, {
            isRetryable: true,
            details: { handle: result.handle },
          });
        }
        await sleep(options.pollIntervalMs ?? 2_000, options.signal);
        result = await instance.pollAction(name, result.handle);
      }
      if (result.status === 'failed') {
        throw new ConnectorActionError(`${manifest.id}.${name} failed: ${result.reason}`);
      }
      return result.output;
    },
    close: async () => {
      await definition.close?.(session);
    },
  };
  return instance;
}
