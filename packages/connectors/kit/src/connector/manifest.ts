import * as z from 'zod';
import { ACTION_KINDS_V1, type ActionKindV1 } from '../contract/v1/action-kind-v1.js';
import type { ActionManifestsV1, ActionManifestV1 } from '../contract/v1/action-v1.js';
import type {
  ConnectorCategoryV1,
  ConnectorManifestV1,
  ConnectorRegionV1,
} from '../contract/v1/manifest-v1.js';
import type { StreamManifestV1 } from '../contract/v1/stream-v1.js';

/** What kind of product a connector talks to (the current contract's {@link ConnectorCategoryV1}). */
export type ConnectorCategory = ConnectorCategoryV1;

/** A vendor region and its API base URL (the current contract's {@link ConnectorRegionV1}). */
export type ConnectorRegion = ConnectorRegionV1;

/** A stream the connector reads (the current contract's {@link StreamManifestV1}). */
export type ConnectorStreamManifest = StreamManifestV1;

/** A response action the connector performs (the current contract's {@link ActionManifestV1}). */
export type ConnectorActionManifest<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
  Kinds extends ActionKindV1 = ActionKindV1,
> = ActionManifestV1<Input, Output, Kinds>;

/** A connector's manifest (the current contract's {@link ConnectorManifestV1}). */
export type ConnectorManifest<
  Streams extends string = string,
  Actions extends ActionManifestsV1 = ActionManifestsV1,
> = ConnectorManifestV1<Streams, Actions>;

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
  regions: z.record(
    identifier,
    z.object({
      baseUrl: z.url({ protocol: /^https?$/ }),
      government: z.boolean().optional(),
      description: z.string().optional(),
    }),
  ),
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
        'file-tail',
        'queue',
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
      implements: z
        .partialRecord(
          z.enum(ACTION_KINDS_V1),
          z.custom<(request: unknown) => unknown>(
            (value) => typeof value === 'function',
            'an input builder function',
          ),
        )
        .refine(
          (kinds) => !('query_features' in kinds),
          'query_features is answered by consumers, never implemented by an action',
        )
        .optional(),
    }),
  ),
  rateLimit: z.object({
    requests: z.number().positive(),
    perMs: z.number().positive(),
    maxConcurrent: z.int().positive().optional(),
  }),
  docsUrl: z.url(),
});

/**
 * The JSON form of a manifest, for registries, docs and UIs: action schemas as JSON Schema, and
 * each action's `implements` as the list of action kinds it carries out (vocabulary order; empty
 * when it implements none).
 */
export function manifestToJson(manifest: ConnectorManifest): Record<string, unknown> {
  const actions: Record<string, unknown> = {};
  for (const [name, action] of Object.entries(manifest.actions)) {
    const implemented = action.implements ?? {};
    actions[name] = {
      description: action.description,
      asynchronous: action.asynchronous,
      requiredPermissions: action.requiredPermissions,
      implements: ACTION_KINDS_V1.filter((kind) => implemented[kind] !== undefined),
      input: z.toJSONSchema(action.input, { unrepresentable: 'any' }),
      output: z.toJSONSchema(action.output, { unrepresentable: 'any' }),
    };
  }
  return { ...manifest, actions };
}
