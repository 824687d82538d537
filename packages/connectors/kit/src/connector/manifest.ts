import * as z from 'zod';
import type { AuthScheme } from '../auth/authenticator.js';
import type { RateLimitPolicy } from '../http/rate-limiter.js';
import type { CursorStyle } from '../pagination/paginate.js';

/** What kind of product a connector talks to. */
export type ConnectorCategory = 'edr' | 'siem' | 'ndr' | 'identity' | 'cloud' | 'intel' | 'notify';

/** A vendor region (or sovereign cloud) and its API base URL. */
export interface ConnectorRegion {
  /** API base URL (`https://api.laggar.gcw.crowdstrike.com`). */
  baseUrl: string;
  /** True for government / sovereign clouds (GCC High, US Gov, DoD). */
  government?: boolean | undefined;
  /** Human-readable name. */
  description?: string | undefined;
}

/** A stream of records the connector reads incrementally. */
export interface ConnectorStreamManifest {
  /** What the stream holds. */
  description: string;
  /** How pages are walked. */
  cursor: CursorStyle;
  /** The field records are sorted by and the watermark follows (`updated_timestamp`). */
  sortField: string;
  /** The stable id used to drop duplicates (`composite_id`). */
  dedupKey: string;
  /** Version of the stream's state schema; bump it (with a migration) when the state changes. */
  stateVersion: number;
  /** OCSF classes the stream normalises to (`detection_finding`). */
  ocsfClasses: readonly string[];
  /** Vendor permissions / scopes the stream needs (`Alerts:read`). */
  requiredPermissions: readonly string[];
}

/** A response action the connector performs. */
export interface ConnectorActionManifest {
  /** What the action does. */
  description: string;
  /** Input schema. */
  input: z.ZodType;
  /** Output schema (of the completed action). */
  output: z.ZodType;
  /** True when the vendor completes the action later and the kit must poll it. */
  asynchronous: boolean;
  /** Vendor permissions / scopes the action needs (`Machine.Isolate`). */
  requiredPermissions: readonly string[];
}

/** Everything a registry, a UI or a reviewer needs to know about a connector, without running it. */
export interface ConnectorManifest {
  /** Connector id: lower-case kebab (`crowdstrike-falcon`). */
  id: string;
  /** Vendor name (`CrowdStrike`). */
  vendor: string;
  /** Product name (`Falcon`). */
  product: string;
  /** Product category. */
  category: ConnectorCategory;
  /** Connector version (semver). */
  version: string;
  /** Authentication schemes supported, preferred first. */
  auth: readonly AuthScheme[];
  /** Regions → base URLs, government clouds included. */
  regions: Readonly<Record<string, ConnectorRegion>>;
  /** Streams by name. */
  streams: Readonly<Record<string, ConnectorStreamManifest>>;
  /** Actions by name. */
  actions: Readonly<Record<string, ConnectorActionManifest>>;
  /** The default vendor budget per tenant × host. */
  rateLimit: RateLimitPolicy;
  /** Link to the connector's documentation page. */
  docsUrl: string;
}

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/, 'lower-case kebab/snake id');

/** The zod schema manifests are checked against (action schemas are checked separately). */
export const connectorManifestSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'lower-case kebab-case id'),
  vendor: z.string().min(1),
  product: z.string().min(1),
  category: z.enum(['edr', 'siem', 'ndr', 'identity', 'cloud', 'intel', 'notify']),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'semver'),
  auth: z
    .array(
      z.enum([
        'oauth2-client-credentials',
        'private-key-jwt',
        'static-token',
        'basic',
        'hmac',
        'aws-sigv4',
        'none',
      ]),
    )
    .min(1),
  regions: z
    .record(
      identifier,
      z.object({
        baseUrl: z.url({ protocol: /^https?$/ }),
        government: z.boolean().optional(),
        description: z.string().optional(),
      }),
    )
    .refine((regions) => Object.keys(regions).length > 0, 'at least one region'),
  streams: z.record(
    identifier,
    z.object({
      description: z.string().min(1),
      cursor: z.enum([
        'next-token',
        'link-header',
        'odata-next-link',
        'offset',
        'search-after',
        'time-window',
      ]),
      sortField: z.string().min(1),
      dedupKey: z.string().min(1),
      stateVersion: z.int().min(1),
      ocsfClasses: z.array(z.string().regex(/^[a-z_]+$/)).min(1),
      requiredPermissions: z.array(z.string()),
    }),
  ),
  actions: z.record(
    identifier,
    z.object({
      description: z.string().min(1),
      input: z.custom<z.ZodType>((value) => value instanceof z.ZodType, 'a zod schema'),
      output: z.custom<z.ZodType>((value) => value instanceof z.ZodType, 'a zod schema'),
      asynchronous: z.boolean(),
      requiredPermissions: z.array(z.string()),
    }),
  ),
  rateLimit: z.object({
    requests: z.number().positive(),
    perMs: z.number().positive(),
    maxConcurrent: z.int().positive().optional(),
  }),
  docsUrl: z.url(),
});

/** The JSON form of a manifest: action schemas as JSON Schema. For registries and docs. */
export function manifestToJson(manifest: ConnectorManifest): Record<string, unknown> {
  const actions: Record<string, unknown> = {};
  for (const [name, action] of Object.entries(manifest.actions)) {
    actions[name] = {
      description: action.description,
      asynchronous: action.asynchronous,
      requiredPermissions: action.requiredPermissions,
      input: z.toJSONSchema(action.input, { unrepresentable: 'any' }),
      output: z.toJSONSchema(action.output, { unrepresentable: 'any' }),
    };
  }
  return { ...manifest, actions };
}
