import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords, pageToken, recordTime, sortRecords } from '@openmdr/connector-kit/simulator';
import { eventStreamRoutes, type FalconEventFeed } from './event-stream-routes.js';

/** Paths of the simulated Falcon API. */
export const FALCON_PATHS = {
  alertsQuery: '/alerts/queries/alerts/v2',
  alertsEntities: '/alerts/entities/alerts/v2',
  hostsScroll: '/devices/queries/devices-scroll/v1',
  hostsEntities: '/devices/entities/devices/v2',
  deviceActions: '/devices/entities/devices-actions/v2',
} as const;

/** Test credentials (obvious placeholders). */
export const FALCON_CLIENT_ID = 'sim-falcon-client-id';
export const FALCON_CLIENT_SECRET = 'sim-falcon-client-secret-0123456789';

function envelope(
  resources: unknown[],
  pagination: Record<string, unknown> = {},
): SimulatorResponse {
  return {
    body: {
      meta: { query_time: 0.004, pagination, powered_by: 'simulator', trace_id: 'sim-trace' },
      resources,
      errors: [],
    },
  };
}

/** `updated_timestamp:>='2026-03-02T08:00:00.000Z'` → epoch ms. */
function fqlSince(filter: string | null, field: string): number | undefined {
  if (!filter) return undefined;
  const match = new RegExp(`${field}:>=?'([^']+)'`).exec(filter);
  return match?.[1] ? Date.parse(match[1]) : undefined;
}

function queryPage(
  request: SimulatorRequest,
  path: string,
  timeField: string,
  idField: string,
  tokenParameter: 'after' | 'offset',
): SimulatorResponse {
  const since = fqlSince(request.query.get('filter'), timeField);
  const limit = Number(request.query.get('limit') ?? 100);
  const all = sortRecords(
    liveRecords(request, path).filter(
      (record) => since === undefined || recordTime(record, timeField) >= since,
    ),
    timeField,
    idField,
  );
  const start = pageToken.decode(request.query.get(tokenParameter));
  const page = all.slice(start, start + limit).map((record) => String(record[idField]));
  const next = start + limit < all.length ? pageToken.encode(start + limit) : undefined;
  return envelope(page, {
    limit,
    total: all.length,
    ...(tokenParameter === 'after'
      ? { offset: start, ...(next ? { after: next } : {}) }
      : { ...(next ? { offset: next } : {}), expires_at: Date.now() + 120_000 }),
  });
}

function entities(
  request: SimulatorRequest,
  path: string,
  idField: string,
  ids: unknown,
): SimulatorResponse {
  const wanted = new Set(Array.isArray(ids) ? ids.map(String) : []);
  return envelope(
    liveRecords(request, path).filter((record) => wanted.has(String(record[idField]))),
  );
}

/** Containment progress per device: the status a poll reports and how many polls remain. */
interface Containment {
  final: 'contained' | 'normal';
  pendingPolls: number;
}

/**
 * Routes of a simulated Falcon API over the simulator's datasets (register the running
 * simulator with `registerSimulator`): alert ids by FQL `updated_timestamp` filter with `after`
 * tokens, alert entities by composite id, the host scroll with expiring `offset` tokens, host
 * entities (POST by body, GET by `ids`), and device actions whose containment completes after
 * `pendingPolls` polls of the host.
 */
export function falconRoutes(pendingPolls = 2): SimulatorRoute[] {
  const containments = new Map<string, Containment>();
  const hostWithContainment = (record: SimulatorRecord): SimulatorRecord => {
    const containment = containments.get(String(record['device_id']));
    if (!containment) return record;
    if (containment.pendingPolls > 0) {
      containment.pendingPolls -= 1;
      return {
        ...record,
        status:
          containment.final === 'contained' ? 'containment_pending' : 'lift_containment_pending',
      };
    }
    return { ...record, status: containment.final };
  };
  return [
    {
      method: 'GET',
      path: FALCON_PATHS.alertsQuery,
      handle: (request) =>
        queryPage(request, FALCON_PATHS.alertsQuery, 'updated_timestamp', 'composite_id', 'after'),
    },
    {
      method: 'POST',
      path: FALCON_PATHS.alertsEntities,
      handle: (request) =>
        entities(
          request,
          FALCON_PATHS.alertsQuery,
          'composite_id',
          (request.json as { composite_ids?: unknown } | undefined)?.composite_ids,
        ),
    },
    {
      method: 'GET',
      path: FALCON_PATHS.hostsScroll,
      handle: (request) =>
        queryPage(request, FALCON_PATHS.hostsScroll, 'modified_timestamp', 'device_id', 'offset'),
    },
    {
      method: 'POST',
      path: FALCON_PATHS.hostsEntities,
      handle: (request) =>
        entities(
          request,
          FALCON_PATHS.hostsScroll,
          'device_id',
          (request.json as { ids?: unknown } | undefined)?.ids,
        ),
    },
    {
      method: 'GET',
      path: FALCON_PATHS.hostsEntities,
      handle: (request) => {
        const response = entities(
          request,
          FALCON_PATHS.hostsScroll,
          'device_id',
          request.query.getAll('ids'),
        );
        const body = response.body as { resources: SimulatorRecord[] };
        return { body: { ...body, resources: body.resources.map(hostWithContainment) } };
      },
    },
    {
      method: 'POST',
      path: FALCON_PATHS.deviceActions,
      handle: (request) => {
        const action = request.query.get('action_name');
        const ids = (request.json as { ids?: unknown } | undefined)?.ids;
        if ((action !== 'contain' && action !== 'lift_containment') || !Array.isArray(ids)) {
          return {
            status: 400,
            body: {
              meta: {},
              resources: [],
              errors: [{ code: 400, message: 'invalid action_name or ids' }],
            },
          };
        }
        const known = new Set(
          liveRecords(request, FALCON_PATHS.hostsScroll).map((record) =>
            String(record['device_id']),
          ),
        );
        const accepted = ids.map(String).filter((id) => known.has(id));
        for (const id of accepted) {
          containments.set(id, {
            final: action === 'contain' ? 'contained' : 'normal',
            pendingPolls,
          });
        }
        return envelope(
          accepted.map((id) => ({ id, path: `/devices/entities/devices/v2?ids=${id}` })),
        );
      },
    },
  ];
}

/** The records a simulated Falcon tenant serves. */
export interface FalconSimulatorData {
  /** Alerts (`/alerts/entities/alerts/v2` shape), served by `updated_timestamp`. */
  alerts?: readonly SimulatorRecord[];
  /** Hosts (`/devices/entities/devices/v2` shape), served by `modified_timestamp`. */
  hosts?: readonly SimulatorRecord[];
}

/** Options of {@link falconSimulatorOptions} and `startFalconSimulator`. */
export interface FalconSimulatorOptions extends FalconSimulatorData {
  /** Host polls a containment stays `containment_pending` before it completes. Default 2. */
  pendingPolls?: number;
  /** Event Streams: discovery and session refresh served from this feed. */
  eventFeed?: FalconEventFeed;
}

/**
 * Options of a simulated Falcon API (OAuth2 client credentials on `/oauth2/token` with the
 * placeholder {@link FALCON_CLIENT_ID} / {@link FALCON_CLIENT_SECRET}) serving `alerts` and
 * `hosts`, for `createVendorSimulator` (register the running simulator with `registerSimulator`).
 */
export function falconSimulatorOptions(
  options: FalconSimulatorOptions = {},
): VendorSimulatorOptions {
  return {
    auth: {
      type: 'oauth2',
      tokenPath: '/oauth2/token',
      clientId: FALCON_CLIENT_ID,
      clientSecret: FALCON_CLIENT_SECRET,
    },
    datasets: [
      {
        path: FALCON_PATHS.alertsQuery,
        cursor: 'next-token',
        records: options.alerts ?? [],
        idField: 'composite_id',
        timeField: 'updated_timestamp',
      },
      {
        path: FALCON_PATHS.hostsScroll,
        cursor: 'next-token',
        records: options.hosts ?? [],
        idField: 'device_id',
        timeField: 'modified_timestamp',
      },
    ],
    routes: [
      ...falconRoutes(options.pendingPolls ?? 2),
      ...(options.eventFeed ? eventStreamRoutes(options.eventFeed) : []),
    ],
  };
}
