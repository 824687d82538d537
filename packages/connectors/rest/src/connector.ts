import type { ConnectorManifest, VersionedState } from '@openmdr/connector-kit';
import {
  ConnectorDefinitionError,
  type ConnectorV1,
  defineConnector,
  formatTime,
  type IncrementalState,
  incrementalRead,
  type PaginationOptions,
  paginate,
  readPath,
} from '@openmdr/connector-kit';
import { createRestActions, restActionInputSchema, restActionOutputSchema } from './actions.js';
import { createRestClient, type RestClient } from './client.js';
import {
  type ResolvedRestConnectorSpec,
  type RestConfig,
  type RestConnectorSpec,
  restConfigSchema,
  restConnectorSpecSchema,
} from './config.js';
import { normalizeRestRecord, recordId, recordTime } from './normalize.js';

const DEFAULT_RECORDS_PATH = {
  'next-token': 'data',
  'link-header': '',
  'odata-next-link': 'value',
  offset: 'items',
  'search-after': 'hits.hits',
  'time-window': 'data',
} as const;

/** The state version of REST streams (v1 held an ISO `cursor`; v2 a watermark and seen ids). */
export const REST_STATE_VERSION = 2;

function paginationFor(
  spec: ResolvedRestConnectorSpec,
  since: number,
  now: () => number,
): PaginationOptions {
  const { stream } = spec;
  const cursor = stream.cursor;
  const recordsPath = stream.recordsPath ?? DEFAULT_RECORDS_PATH[cursor.style];
  const sinceValue = formatTime(since, stream.timeFormat);
  const request = {
    path: stream.path,
    query: { [stream.sinceParameter]: sinceValue, limit: stream.pageSize },
  };
  switch (cursor.style) {
    case 'next-token':
      return {
        style: 'next-token',
        request,
        recordsPath,
        tokenPath: cursor.tokenPath,
        tokenParameter: cursor.tokenParameter,
      };
    case 'link-header':
      return { style: 'link-header', request, recordsPath };
    case 'odata-next-link':
      return {
        style: 'odata-next-link',
        request: {
          path: stream.path,
          query: { [stream.sinceParameter]: sinceValue, $top: stream.pageSize },
        },
        recordsPath,
        nextLinkPath: cursor.nextLinkPath,
      };
    case 'offset':
      return {
        style: 'offset',
        request: {
          path: stream.path,
          query: {
            [stream.sinceParameter]: sinceValue,
            [cursor.offsetParameter]: 0,
            [cursor.limitParameter]: stream.pageSize,
          },
        },
        recordsPath,
        pageSize: stream.pageSize,
        offsetParameter: cursor.offsetParameter,
        limitParameter: cursor.limitParameter,
        ...(cursor.totalPath ? { totalPath: cursor.totalPath } : {}),
      };
    case 'search-after':
      return {
        style: 'search-after',
        openPointInTimePath: `${cursor.indexPath}/_pit`,
        keepAlive: cursor.keepAlive,
        pageSize: stream.pageSize,
        search: {
          query: { range: { [stream.timeField]: { gte: sinceValue } } },
          sort: [{ [stream.timeField]: 'asc' }, { [stream.idField]: 'asc' }],
        },
      };
    case 'time-window':
      return {
        style: 'time-window',
        request: { path: stream.path },
        recordsPath,
        from: since,
        to: now,
        windowMs: cursor.windowMs,
        startParameter: cursor.startParameter,
        endParameter: cursor.endParameter,
        timeFormat: stream.timeFormat,
      };
  }
}

function manifestOf(spec: ResolvedRestConnectorSpec): ConnectorManifest {
  const actions: Record<string, ConnectorManifest['actions'][string]> = {};
  for (const [name, action] of Object.entries(spec.actions)) {
    actions[name] = {
      description: action.description,
      input: restActionInputSchema,
      output: restActionOutputSchema,
      asynchronous: action.polling !== undefined,
      requiredPermissions: action.requiredPermissions,
    };
  }
  return {
    id: spec.id,
    vendor: spec.vendor,
    product: spec.product,
    category: spec.category,
    version: spec.version,
    auth: [
      'oauth2-client-credentials',
      'private-key-jwt',
      'static-token',
      'basic',
      'hmac',
      'aws-sigv4',
      'none',
    ],
    regions: spec.regions,
    streams: {
      [spec.stream.name]: {
        description: spec.stream.description,
        cursor: spec.stream.cursor.style,
        sortField: spec.stream.timeField,
        dedupKey: spec.stream.idField,
        stateVersion: REST_STATE_VERSION,
        ocsfClasses: [spec.mapping.class],
        requiredPermissions: spec.stream.requiredPermissions,
      },
    },
    actions,
    rateLimit: spec.rateLimit,
    docsUrl: spec.docsUrl,
  };
}

/**
 * Creates a generic REST/JSON connector from a declarative spec — list path, cursor style,
 * record/id/time fields, an OCSF mapping (Detection Finding or Authentication), actions with
 * optional asynchronous polling, the vendor budget — built only with the connector kit. The
 * per-tenant config chooses the base URL and any of the kit's auth schemes.
 *
 * @example
 * ```ts
 * const alerts = createRestConnector({
 *   id: 'acme-alerts', vendor: 'Acme', product: 'EDR', category: 'edr', checkPath: '/api/me',
 *   stream: { path: '/api/alerts', cursor: { style: 'next-token' }, idField: 'id', timeField: 'updated_at' },
 *   mapping: { class: 'detection_finding', title: 'name' },
 *   rateLimit: { requests: 100, perMs: 60_000 },
 * });
 * const instance = await alerts.connect({ tenant, secrets, config: { baseUrl, auth: { type: 'static-token', style: 'ssws' } } });
 * ```
 * @throws ConnectorDefinitionError when the spec is invalid.
 */
export function createRestConnector(input: RestConnectorSpec): ConnectorV1<RestConfig> {
  const parsed = restConnectorSpecSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConnectorDefinitionError(
      `invalid REST connector spec: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  const spec = parsed.data;
  const { stream } = spec;
  const unwrap = (item: unknown): unknown =>
    (stream.recordPath ?? (stream.cursor.style === 'search-after' ? '_source' : ''))
      ? readPath(item, stream.recordPath ?? '_source')
      : item;
  return defineConnector({
    manifest: manifestOf(spec),
    config: restConfigSchema,
    createClient: (config, context): RestClient => createRestClient(spec, config, context),
    check: async ({ client }) => {
      await client.http.request({ path: spec.checkPath });
    },
    streams: {
      [stream.name]: {
        migrations: {
          1: (old: VersionedState): VersionedState => {
            const cursor =
              typeof old['cursor'] === 'string' ? Date.parse(old['cursor']) : Number.NaN;
            return { version: 2, ...(Number.isNaN(cursor) ? {} : { watermark: cursor }), seen: [] };
          },
        },
        read: async function* ({ client }, state) {
          const now = client.http.serverNow();
          for await (const batch of incrementalRead<unknown>({
            state: state as IncrementalState | undefined,
            startAt: now - stream.initialLookbackMs,
            lookbackMs: stream.lookbackMs,
            order: stream.order,
            idOf: (record) => recordId(record, stream.idField),
            timeOf: (record) => recordTime(record, stream.timeField),
            pages: (since) =>
              unwrapPages(
                paginate(
                  client.http,
                  paginationFor(spec, since, () => client.http.serverNow()),
                ),
                unwrap,
              ),
          })) {
            yield { records: batch.records, state: batch.state };
          }
        },
        normalize: (record) => normalizeRestRecord(spec, record),
      },
    },
    actions: createRestActions(spec),
  });
}

async function* unwrapPages(
  pages: AsyncIterable<{ records: unknown[] }>,
  unwrap: (item: unknown) => unknown,
): AsyncGenerator<{ records: unknown[] }> {
  for await (const page of pages) yield { records: page.records.map(unwrap) };
}
