import type { AuthScheme } from '../../auth/authenticator.js';
import type { RateLimitPolicy } from '../../http/rate-limiter.js';
import type { ActionManifestsV1 } from './action-v1.js';
import type { StreamManifestV1 } from './stream-v1.js';

/** What kind of product a connector talks to. */
export type ConnectorCategoryV1 =
  | 'edr'
  | 'siem'
  | 'ndr'
  | 'identity'
  | 'cloud'
  | 'intel'
  | 'notify';

/** A vendor region (or sovereign cloud) and its API base URL. */
export interface ConnectorRegionV1 {
  /** API base URL, `https` (`https://api.laggar.gcw.crowdstrike.com`). */
  readonly baseUrl: string;
  /** True for government / sovereign clouds (GCC High, US Gov, DoD). */
  readonly government?: boolean | undefined;
  /** Human-readable name. */
  readonly description?: string | undefined;
}

/**
 * Everything a registry, a UI or a reviewer needs to know about a connector without running
 * it. Static: a connector's manifest never changes while it runs, and is the same for every
 * tenant. `manifestToJson` renders it as JSON (schemas as JSON Schema, implemented kinds as
 * lists).
 *
 * @typeParam Streams - the stream names (a literal union when the manifest is written inline).
 * @typeParam Actions - the action manifests by name.
 */
export interface ConnectorManifestV1<
  Streams extends string = string,
  Actions extends ActionManifestsV1 = ActionManifestsV1,
> {
  /** Connector id: lower-case kebab (`crowdstrike`, `acme-edr`); unique in a registry. */
  readonly id: string;
  /** Vendor name (`CrowdStrike`). */
  readonly vendor: string;
  /** Product name (`Falcon`). */
  readonly product: string;
  /** Product category. */
  readonly category: ConnectorCategoryV1;
  /**
   * Connector version (semver). A change to the OCSF output, a state version or an action's
   * input is a new minor (or major) version.
   */
  readonly version: string;
  /** Authentication schemes supported, preferred first. */
  readonly auth: readonly AuthScheme[];
  /** Regions by id (lower-case kebab or snake) → base URLs, government clouds included; none for a connector that reads local files. */
  readonly regions: Readonly<Record<string, ConnectorRegionV1>>;
  /** Streams by name (lower-case kebab or snake); each has a read and a normaliser. */
  readonly streams: Readonly<Record<Streams, StreamManifestV1>>;
  /** Actions by name (lower-case kebab or snake); each has a run (and a poll if asynchronous). */
  readonly actions: Actions;
  /**
   * The default vendor budget per tenant × connector × host (`requests` per `perMs`
   * milliseconds, `maxConcurrent` in flight). `connect` options may override it.
   */
  readonly rateLimit: RateLimitPolicy;
  /** Link to the connector's documentation page. */
  readonly docsUrl: string;
}
