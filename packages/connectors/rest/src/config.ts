import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

const fieldPath = z.string().min(1);

/** The cursor of a REST stream, one variant per pagination style. */
export const restCursorSchema = z.discriminatedUnion('style', [
  z.object({
    style: z.literal('next-token'),
    /** Dotted path of the token in the body. Default `meta.next`. */
    tokenPath: z.string().default('meta.next'),
    /** Query parameter carrying the token. Default `after`. */
    tokenParameter: z.string().default('after'),
  }),
  z.object({ style: z.literal('link-header') }),
  z.object({
    style: z.literal('odata-next-link'),
    nextLinkPath: z.string().default('@odata.nextLink'),
  }),
  z.object({
    style: z.literal('offset'),
    offsetParameter: z.string().default('offset'),
    limitParameter: z.string().default('limit'),
    totalPath: z.string().optional(),
  }),
  z.object({
    style: z.literal('search-after'),
    /** Path of the index (the point in time opens at `<index>/_pit`). */
    indexPath: z.string().min(1),
    keepAlive: z.string().default('1m'),
  }),
  z.object({
    style: z.literal('time-window'),
    windowMs: z.int().positive(),
    startParameter: z.string().default('start'),
    endParameter: z.string().default('end'),
  }),
]);

/** A declarative mapping from a vendor record to one OCSF class. */
export const restMappingSchema = z.discriminatedUnion('class', [
  z.object({
    class: z.literal('detection_finding'),
    /** Field holding the finding title. */
    title: fieldPath,
    /** Field holding a description. */
    description: fieldPath.optional(),
    /** Field holding the severity, and its values mapped to OCSF `severity_id` (0–6, 99). */
    severity: z
      .object({
        field: fieldPath,
        values: z.record(z.string(), z.union([z.int().min(0).max(6), z.literal(99)])),
      })
      .optional(),
    /** Field holding the affected host name. */
    hostname: fieldPath.optional(),
    /** Field holding the rule / analytic name. */
    ruleName: fieldPath.optional(),
  }),
  z.object({
    class: z.literal('authentication'),
    /** Field holding the user name. */
    user: fieldPath,
    /** Field holding the outcome, and which values mean success and failure. */
    outcome: z
      .object({ field: fieldPath, success: z.array(z.string()), failure: z.array(z.string()) })
      .optional(),
    /** Field holding the source IP. */
    sourceIp: fieldPath.optional(),
  }),
]);

/** An action performed by a request, optionally completed asynchronously. */
export const restActionSchema = z.object({
  description: z.string().min(1),
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
  /** Path with `{name}` placeholders filled from the input's `target` and `parameters`. */
  path: z.string().min(1),
  /** Body template: string values `{name}` are replaced by input values. */
  body: z.record(z.string(), z.unknown()).optional(),
  /** For asynchronous actions: where the action id is in the response, and how to poll it. */
  polling: z
    .object({
      handlePath: fieldPath,
      statusPath: z.string().min(1),
      statusField: fieldPath,
      completed: z.array(z.string()).min(1),
      failed: z.array(z.string()).min(1),
    })
    .optional(),
  requiredPermissions: z.array(z.string()).default([]),
});

/** The static description of a REST/JSON connector: what a vendor API looks like. */
export const restConnectorSpecSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/),
  vendor: z.string().min(1),
  product: z.string().min(1),
  category: z.enum(['edr', 'siem', 'ndr', 'identity', 'cloud', 'intel', 'notify']),
  version: z.string().default('0.1.0'),
  docsUrl: z.url().default('https://openmdr.dev/docs/connectors/rest'),
  regions: z
    .record(
      z.string(),
      z.object({
        baseUrl: z.url(),
        government: z.boolean().optional(),
        description: z.string().optional(),
      }),
    )
    .default({
      custom: { baseUrl: 'https://api.example.invalid', description: 'set baseUrl in the config' },
    }),
  /** A cheap authenticated endpoint `check()` calls. */
  checkPath: z.string().min(1),
  stream: z.object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .default('records'),
    description: z.string().default('records of the vendor API'),
    path: z.string().min(1),
    cursor: restCursorSchema,
    /** Dotted path of the record array. Default per style (`data`, ``, `value`, `items`, `hits.hits`, `data`). */
    recordsPath: z.string().optional(),
    /** Dotted path of the record inside each item (`_source` for search hits). */
    recordPath: z.string().optional(),
    idField: fieldPath,
    timeField: fieldPath,
    /** Query parameter carrying the lower time bound. Default `since`. */
    sinceParameter: z.string().default('since'),
    timeFormat: z.enum(['iso', 'epoch-ms', 'epoch-seconds']).default('iso'),
    pageSize: z.int().positive().default(100),
    /** Look-back overlap for late events, ms. Default 5 minutes. */
    lookbackMs: z.int().nonnegative().default(300_000),
    /** How far back a first run starts, ms. Default 24 hours. */
    initialLookbackMs: z.int().positive().default(86_400_000),
    order: z.enum(['ascending', 'unordered']).default('ascending'),
    requiredPermissions: z.array(z.string()).default([]),
  }),
  mapping: restMappingSchema,
  actions: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), restActionSchema).default({}),
  rateLimit: z.object({
    requests: z.number().positive(),
    perMs: z.number().positive(),
    maxConcurrent: z.int().positive().optional(),
  }),
});

/** What {@link createRestConnector} accepts. */
export type RestConnectorSpec = z.input<typeof restConnectorSpecSchema>;
/** A spec with defaults applied. */
export type ResolvedRestConnectorSpec = z.output<typeof restConnectorSpecSchema>;

const tokenAuthCommon = {
  /** Token endpoint, absolute or relative to the base URL. */
  tokenUrl: z.string().min(1),
  clientId: z.string().min(1),
  scope: z.string().optional(),
};

/** The per-tenant config of a REST connector: where the API is and how to authenticate. */
export const restConfigSchema = z.object({
  /** Region from the spec; ignored when `baseUrl` is set. */
  region: z.string().optional(),
  /** API base URL. */
  baseUrl: z.url().optional(),
  auth: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('oauth2-client-credentials'),
      ...tokenAuthCommon,
      clientSecret: secret({ name: 'client_secret' }),
      clientAuthentication: z.enum(['body', 'basic']).default('body'),
    }),
    z.object({
      type: z.literal('private-key-jwt'),
      ...tokenAuthCommon,
      privateKey: secret({ name: 'private_key' }),
      algorithm: z.enum(['RS256', 'ES256']),
      keyId: z.string().optional(),
    }),
    z.object({
      type: z.literal('static-token'),
      token: secret({ name: 'api_token' }),
      style: z
        .union([
          z.enum(['bearer', 'ssws', 'api-token', 'api-key']),
          z.object({ header: z.string().min(1), prefix: z.string().optional() }),
        ])
        .default('bearer'),
    }),
    z.object({
      type: z.literal('basic'),
      username: z.string().min(1),
      password: secret({ name: 'password' }),
    }),
    z.object({
      type: z.literal('hmac'),
      secret: secret({ name: 'hmac_secret' }),
      keyId: z.string().optional(),
      signatureHeader: z.string().default('x-signature'),
      timestampHeader: z.string().default('x-timestamp'),
    }),
    z.object({
      type: z.literal('aws-sigv4'),
      accessKeyId: z.string().min(1),
      secretAccessKey: secret({ name: 'aws_secret_access_key' }),
      sessionToken: z.string().optional(),
      region: z.string().min(1),
      service: z.string().min(1),
    }),
    z.object({ type: z.literal('none') }),
  ]),
});

/** The validated per-tenant config. */
export type RestConfig = z.output<typeof restConfigSchema>;
