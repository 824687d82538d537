import type {
  SimulatorRecord,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords, pageToken } from '@openmdr/connector-kit/simulator';

/** The simulated feed account (obvious placeholders). */
export const TAXII_USERNAME = 'sim-taxii-reader';
/** Its password (an obvious placeholder). */
export const TAXII_PASSWORD = 'sim-taxii-password-0123456789';

const MEDIA = 'application/taxii+json;version=2.1';

/** Paths of the simulated TAXII 2.1 server. */
export const TAXII_PATHS = {
  discovery: '/taxii2/',
  apiRoot: '/api1/',
  collections: '/api1/collections/',
  /** The objects endpoint of a collection: also the path of its dataset. */
  objects: (collectionId: string) => `/api1/collections/${collectionId}/objects/`,
} as const;

/**
 * One collection the simulator serves. Its objects are STIX 2.1 objects with one extra,
 * simulator-only property, `date_added` (ISO 8601: when the server added the object), which
 * orders the collection and which `added_after` filters on; it is not served.
 */
export interface TaxiiSimulatorCollection {
  /** Title. */
  title: string;
  /** STIX objects with `date_added`. */
  objects: readonly SimulatorRecord[];
}

/** What the simulated TAXII server serves. */
export interface TaxiiSimulatorData {
  /** Collections by id. Default: one empty collection, `indicators`. */
  collections?: Readonly<Record<string, TaxiiSimulatorCollection>>;
  /** Most objects per page, whatever `limit` asks. Default 100. */
  maxPageSize?: number;
  /** Send `next` tokens (default), or page by `added_after` only, as some servers do. */
  nextTokens?: boolean;
}

const taxii = (body: unknown, headers: Record<string, string> = {}): SimulatorResponse => ({
  headers: { 'content-type': MEDIA, ...headers },
  body,
});

const error = (status: number, title: string, description?: string): SimulatorResponse => ({
  status,
  headers: { 'content-type': MEDIA },
  body: { title, http_status: String(status), ...(description ? { description } : {}) },
});

const dateAdded = (record: SimulatorRecord): number => Date.parse(String(record['date_added']));

/**
 * Routes of a simulated TAXII 2.1 server over the simulator's datasets (register the running
 * simulator with `registerSimulator`): discovery, one API root, its collections and each
 * collection's `objects` with `added_after`, `limit`, `next`, `match[type]`, the `more` flag and
 * the `X-TAXII-Date-Added-First`/`-Last` headers. A request without the TAXII media type in
 * `Accept` gets 406, as the specification says.
 */
export function taxiiRoutes(data: TaxiiSimulatorData = {}): SimulatorRoute[] {
  const collections = data.collections ?? { indicators: { title: 'Indicators', objects: [] } };
  const maxPageSize = data.maxPageSize ?? 100;
  const accepts = (accept: string | undefined) => (accept ?? '').includes('application/taxii+json');
  const route = (path: string, handle: SimulatorRoute['handle']): SimulatorRoute => ({
    method: 'GET',
    path,
    handle: (request) =>
      accepts(request.headers['accept'])
        ? handle(request)
        : error(406, 'Not Acceptable', `the server speaks ${MEDIA}`),
  });
  return [
    route(TAXII_PATHS.discovery, () =>
      taxii({
        title: 'OpenMDR TAXII 2.1 simulator',
        description: 'A simulated threat-intelligence feed',
        default: TAXII_PATHS.apiRoot,
        api_roots: [TAXII_PATHS.apiRoot],
      }),
    ),
    route(TAXII_PATHS.apiRoot, () =>
      taxii({ title: 'API root 1', versions: [MEDIA], max_content_length: 104_857_600 }),
    ),
    route(TAXII_PATHS.collections, () =>
      taxii({
        collections: Object.entries(collections).map(([id, collection]) => ({
          id,
          title: collection.title,
          can_read: true,
          can_write: false,
          media_types: ['application/stix+json;version=2.1'],
        })),
      }),
    ),
    route('/api1/collections/:id/objects/', (request) => {
      const id = request.params['id'] ?? '';
      if (collections[id] === undefined)
        return error(404, 'Collection not found', `no collection ${id}`);
      const addedAfter = request.query.get('added_after');
      const after = addedAfter === null ? Number.NEGATIVE_INFINITY : Date.parse(addedAfter);
      if (Number.isNaN(after)) return error(400, 'Bad Request', 'added_after is not a timestamp');
      const types = request.query.get('match[type]')?.split(',');
      const all = liveRecords(request, TAXII_PATHS.objects(id))
        .filter((record) => dateAdded(record) > after)
        .filter((record) => types === undefined || types.includes(String(record['type'])))
        .sort(
          (left, right) =>
            dateAdded(left) - dateAdded(right) ||
            String(left['id']).localeCompare(String(right['id'])),
        );
      const limit = Math.min(
        Number(request.query.get('limit') ?? maxPageSize) || maxPageSize,
        maxPageSize,
      );
      const start = pageToken.decode(request.query.get('next'));
      const page = all.slice(start, start + limit);
      const more = start + page.length < all.length;
      const first = page[0];
      const last = page.at(-1);
      return taxii(
        {
          more,
          ...(more && data.nextTokens !== false ? { next: pageToken.encode(start + limit) } : {}),
          ...(page.length > 0
            ? { objects: page.map(({ date_added: _, ...object }) => object) }
            : {}),
        },
        first && last
          ? {
              'x-taxii-date-added-first': new Date(dateAdded(first)).toISOString(),
              'x-taxii-date-added-last': new Date(dateAdded(last)).toISOString(),
            }
          : {},
      );
    }),
  ];
}

/** Simulator options serving `data` behind HTTP Basic (`TAXII_USERNAME` / `TAXII_PASSWORD`). */
export function taxiiSimulatorOptions(data: TaxiiSimulatorData = {}): VendorSimulatorOptions {
  const collections = data.collections ?? { indicators: { title: 'Indicators', objects: [] } };
  return {
    auth: { type: 'basic', username: TAXII_USERNAME, password: TAXII_PASSWORD },
    datasets: Object.entries(collections).map(([id, collection]) => ({
      path: TAXII_PATHS.objects(id),
      cursor: 'next-token' as const,
      records: [...collection.objects],
      idField: 'id',
      timeField: 'date_added',
    })),
    routes: taxiiRoutes({ ...data, collections }),
  };
}
