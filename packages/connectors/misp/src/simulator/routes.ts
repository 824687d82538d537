import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords } from '@openmdr/connector-kit/simulator';

/** The simulated automation key (an obvious placeholder). */
export const MISP_AUTH_KEY = 'sim-misp-auth-key-0123456789abcdefghijklmn';

/** Paths of the simulated MISP instance; `attributes` is also the path of its dataset. */
export const MISP_SIM_PATHS = {
  attributes: '/attributes/restSearch',
  version: '/servers/getVersion',
} as const;

/** What the simulated MISP instance serves. */
export interface MispSimulatorData {
  /**
   * Attributes as `restSearch` returns them (with `Event` and `Tag`), in creation (id) order. A
   * simulator-only `changed_at` (ISO 8601), when present, is the attribute's last change: it is
   * served as `timestamp` (epoch seconds) and not itself.
   */
  attributes?: readonly SimulatorRecord[];
}

/** An attribute's last change, epoch ms: `changed_at`, else `timestamp` seconds. */
export function mispSimulatorTime(record: SimulatorRecord): number {
  if (typeof record['changed_at'] === 'string') return Date.parse(record['changed_at']);
  return Number(record['timestamp']) * 1000;
}

const served = ({ changed_at: _, ...attribute }: SimulatorRecord): SimulatorRecord => ({
  ...attribute,
  timestamp: String(Math.floor(mispSimulatorTime({ changed_at: _, ...attribute }) / 1000)),
});

const list = (value: unknown): string[] | undefined =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String);

const bad = (message: string) => ({
  status: 400,
  body: { name: message, message, url: MISP_SIM_PATHS.attributes },
});

/**
 * `POST /attributes/restSearch` over the dataset: `timestamp` (seconds, at or after), `to_ids`,
 * `type`, `tags`, `deleted` (`[0, 1]` includes soft-deleted ones), `page` (from 1) and `limit`;
 * attributes in id order, `{ response: { Attribute: [...] } }`.
 */
function restSearch(request: SimulatorRequest) {
  const filters = request.json;
  if (typeof filters !== 'object' || filters === null) return bad('the body must be JSON filters');
  const body = filters as Record<string, unknown>;
  if (body['returnFormat'] !== undefined && body['returnFormat'] !== 'json')
    return bad('only returnFormat json is simulated');
  const since = body['timestamp'] === undefined ? 0 : Number(body['timestamp']) * 1000;
  const page = Number(body['page'] ?? 1);
  const limit = Number(body['limit'] ?? 0);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 0)
    return bad('page and limit must be positive integers');
  const types = list(body['type']);
  const tags = list(body['tags'])?.map((tag) => tag.toLowerCase());
  const deleted = list(body['deleted']) ?? ['0'];
  const matching = liveRecords(request, MISP_SIM_PATHS.attributes)
    .filter((attribute) => mispSimulatorTime(attribute) >= since)
    .filter((attribute) => body['to_ids'] === undefined || Boolean(attribute['to_ids']))
    .filter((attribute) => types === undefined || types.includes(String(attribute['type'])))
    .filter((attribute) => deleted.includes(attribute['deleted'] === true ? '1' : '0'))
    .filter(
      (attribute) =>
        tags === undefined ||
        (Array.isArray(attribute['Tag']) ? attribute['Tag'] : []).some((tag) =>
          tags.includes(String((tag as Record<string, unknown>)['name']).toLowerCase()),
        ),
    );
  const pageOf = limit === 0 ? matching : matching.slice((page - 1) * limit, page * limit);
  return { body: { response: { Attribute: pageOf.map(served) } } };
}

/**
 * Routes of a simulated MISP instance over the simulator's dataset (register the running
 * simulator with `registerSimulator`): `restSearch` on attributes and `getVersion`.
 */
export function mispRoutes(): SimulatorRoute[] {
  return [
    {
      method: 'GET',
      path: MISP_SIM_PATHS.version,
      handle: () => ({ body: { version: '2.5.2', perm_sync: false, perm_sighting: false } }),
    },
    { method: 'POST', path: MISP_SIM_PATHS.attributes, handle: restSearch },
  ];
}

/**
 * Simulator options serving `data` to requests with `Authorization: <MISP_AUTH_KEY>`; others get
 * MISP's 403 answer.
 */
export function mispSimulatorOptions(data: MispSimulatorData = {}): VendorSimulatorOptions {
  return {
    auth: {
      type: 'custom',
      verify: (request) => request.headers['authorization'] === MISP_AUTH_KEY,
      rejection: {
        status: 403,
        body: {
          name: 'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.',
          message:
            'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.',
          url: MISP_SIM_PATHS.attributes,
        },
      },
    },
    datasets: [
      {
        path: MISP_SIM_PATHS.attributes,
        cursor: 'offset',
        records: [...(data.attributes ?? [])],
        idField: 'uuid',
        timeField: 'changed_at',
      },
    ],
    routes: mispRoutes(),
  };
}
