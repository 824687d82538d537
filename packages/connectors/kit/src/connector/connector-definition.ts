import type { Clock, Logger, TenantId } from '@openmdr/core';
import type { Dispatcher } from 'undici';
import type * as z from 'zod';
import type { Authenticator } from '../auth/authenticator.js';
import type { ActionManifestsV1, ActionResultV1 } from '../contract/v1/action-v1.js';
import type { ConnectorManifestV1 } from '../contract/v1/manifest-v1.js';
import type { NormalizedEventV1 } from '../contract/v1/normalized-event-v1.js';
import type { SearchLanguageV1, SearchOptionsV1 } from '../contract/v1/search-v1.js';
import type { ReadBatchV1 } from '../contract/v1/stream-v1.js';
import type { HttpClient, HttpTimeouts } from '../http/http-client.js';
import type { RateLimiter, RateLimitPolicy } from '../http/rate-limiter.js';
import type { RetryOptions } from '../http/retry-policy.js';
import type { Sleep } from '../http/sleep.js';
import type { StateMigration, VersionedState } from '../state/stream-state.js';

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
  readonly manifest: ConnectorManifestV1;
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
  /**
   * The rate limiter of tenant × connector × `host` under the manifest's budget (or `policy`),
   * for vendor calls that do not go through {@link createHttpClient} (an AWS SDK client).
   * `undefined` when rate limiting is off. Absent from contexts built by hand (tests).
   */
  rateLimiter?(host: string, policy?: RateLimitPolicy): RateLimiter | undefined;
  /** The retry policy of vendor calls (`false`: none); `undefined` means the defaults. */
  readonly retry?: RetryOptions | false;
  /** The timeouts of vendor calls; `undefined` means the defaults. */
  readonly timeouts?: HttpTimeouts;
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

/** How a connector reads and normalises one stream. */
export interface StreamDefinition<Config, Client, Raw = unknown> {
  /**
   * Reads the stream from `state` (undefined on a first run; already migrated to the manifest's
   * `stateVersion`) and yields batches with the state after each.
   */
  read(
    session: ConnectorSession<Config, Client>,
    state: VersionedState | undefined,
  ): AsyncIterable<ReadBatchV1<Raw>>;
  /** Maps one raw record to OCSF (one event, or several). Throws on records it cannot map. */
  normalize(
    raw: Raw,
    session: ConnectorSession<Config, Client>,
  ): NormalizedEventV1 | NormalizedEventV1[];
  /** Migrations from older state versions: `migrations[v]` upgrades version v to v + 1. */
  migrations?: Readonly<Record<number, StateMigration>>;
}

/**
 * How a connector performs one response action.
 *
 * @typeParam Input - what `run` receives: the input schema's output (validated, defaults applied).
 * @typeParam Output - what a completed result carries before the output schema parses it.
 */
export interface ActionDefinition<Config, Client, Input = unknown, Output = unknown> {
  /** Starts the action with validated input. */
  run(input: Input, session: ConnectorSession<Config, Client>): Promise<ActionResultV1<Output>>;
  /** Polls an asynchronous action by the handle `run` returned. */
  poll?(handle: string, session: ConnectorSession<Config, Client>): Promise<ActionResultV1<Output>>;
}

/** The implementations of a manifest's actions, typed from each action's schemas. */
export type ActionDefinitions<Config, Client, Actions extends ActionManifestsV1> = {
  readonly [Name in keyof Actions]: ActionDefinition<
    Config,
    Client,
    z.output<Actions[Name]['input']>,
    z.input<Actions[Name]['output']>
  >;
};

/**
 * How a SIEM connector runs a query (the instance's `search` capability). The kit checks the
 * language, the time range and the tenant before `run` is called.
 */
export interface SearchDefinition<Config, Client> {
  /** The languages `run` accepts, the default first. */
  readonly languages: readonly SearchLanguageV1[];
  /**
   * Runs `query` (in `options.language`, already resolved) over `[from, to)`, yielding the
   * records as the SIEM returns them, every record once; throws typed errors.
   */
  run(
    query: string,
    options: SearchOptionsV1 & { language: SearchLanguageV1 },
    session: ConnectorSession<Config, Client>,
  ): AsyncIterable<Record<string, unknown>>;
}

/**
 * What a connector author passes to `defineConnector`.
 *
 * @typeParam Schema - the config schema.
 * @typeParam Client - the vendor client `createClient` builds.
 * @typeParam Streams - the stream names (inferred from the manifest and `streams`).
 * @typeParam Actions - the action manifests by name (inferred from the manifest).
 */
export interface ConnectorDefinition<
  Schema extends z.ZodType,
  Client,
  Streams extends string = string,
  Actions extends ActionManifestsV1 = ActionManifestsV1,
> {
  /** The manifest. */
  manifest: ConnectorManifestV1<Streams, Actions>;
  /** The config schema; mark credentials with `secret()`. */
  config: Schema;
  /** Builds the vendor client from the validated config. */
  createClient(config: z.output<Schema>, context: ConnectorContext): Client | Promise<Client>;
  /** Proves the config works: reach the API with the credentials, cheaply. Throws typed errors. */
  check(session: ConnectorSession<z.output<Schema>, Client>): Promise<void>;
  /**
   * Streams, one per manifest stream. (The string index keeps computed stream names, as in
   * connectors built from a spec, contextually typed; `defineConnector` refuses undeclared ones.)
   */
  streams: Readonly<Record<Streams, StreamDefinition<z.output<Schema>, Client>>> &
    Readonly<Record<string, StreamDefinition<z.output<Schema>, Client>>>;
  /** Actions, one per manifest action. */
  actions?: NoInfer<ActionDefinitions<z.output<Schema>, Client, Actions>>;
  /** The SIEM search, for connectors that can run queries (hunts). */
  search?: SearchDefinition<z.output<Schema>, Client>;
  /** Releases the client. */
  close?(session: ConnectorSession<z.output<Schema>, Client>): Promise<void>;
}
