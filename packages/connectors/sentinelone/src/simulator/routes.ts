import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords, pageToken } from '@openmdr/connector-kit/simulator';
import { agentUpdatedAt, threatUpdatedAt } from '../streams.js';

/** Test API token (an obvious placeholder). */
export const SENTINELONE_API_TOKEN = 'sim-sentinelone-api-token-0123456789abcdef';

/** Paths of the simulated Management API. */
export const SENTINELONE_PATHS = {
  threats: '/web/api/v2.1/threats',
  agents: '/web/api/v2.1/agents',
  disconnect: '/web/api/v2.1/agents/actions/disconnect',
  connect: '/web/api/v2.1/agents/actions/connect',
  systemInfo: '/web/api/v2.1/system/info',
} as const;

/**
 * A Management API list: `updatedAt__gte`, `sortBy=updatedAt`, `sortOrder`, `limit`, `cursor`
 * and `ids`; `{ data, pagination: { nextCursor, totalItems } }`.
 */
function list(
  request: SimulatorRequest,
  path: string,
  time: (record: SimulatorRecord) => number,
  view: (record: SimulatorRecord) => SimulatorRecord = (record) => record,
): SimulatorResponse {
  const since = request.query.get('updatedAt__gte');
  const ids = request.query.get('ids')?.split(',');
  const limit = Number(request.query.get('limit') ?? 10);
  const descending = request.query.get('sortOrder') === 'desc';
  const matching = liveRecords(request, path)
    .filter((record) => !since || time(record) >= Date.parse(since))
    .filter((record) => !ids || ids.includes(String(record['id'])))
    .sort(
      (left, right) =>
        (time(left) - time(right) || String(left['id']).localeCompare(String(right['id']))) *
        (descending ? -1 : 1),
    );
  const start = pageToken.decode(request.query.get('cursor'));
  const next = start + limit < matching.length ? pageToken.encode(start + limit) : null;
  return {
    body: {
      data: matching.slice(start, start + limit).map(view),
      pagination: { nextCursor: next, totalItems: matching.length },
    },
  };
}

/**
 * Routes of a simulated SentinelOne Management API v2.1 over the simulator's datasets (register
 * the running simulator with `registerSimulator`): threats and agents lists, system info, and
 * disconnect/connect whose agents report `disconnecting`/`connecting` for `pendingPolls` polls.
 */
export function sentineloneRoutes(pendingPolls = 2): SimulatorRoute[] {
  const transitions = new Map<string, { target: string; pending: string; polls: number }>();
  const agentView = (record: SimulatorRecord): SimulatorRecord => {
    const transition = transitions.get(String(record['id']));
    if (!transition) return record;
    if (transition.polls > 0) {
      transition.polls -= 1;
      return { ...record, networkStatus: transition.pending };
    }
    return { ...record, networkStatus: transition.target };
  };
  const networkAction = (path: string, target: string, pending: string): SimulatorRoute => ({
    method: 'POST',
    path,
    handle: (request) => {
      const ids = (request.json as { filter?: { ids?: unknown } } | undefined)?.filter?.ids;
      if (!Array.isArray(ids)) {
        return {
          status: 400,
          body: {
            errors: [{ code: 4000010, detail: 'filter is required', title: 'Validation Error' }],
          },
        };
      }
      const known = new Set(
        liveRecords(request, SENTINELONE_PATHS.agents).map((record) => String(record['id'])),
      );
      const affected = ids.map(String).filter((id) => known.has(id));
      for (const id of affected) transitions.set(id, { target, pending, polls: pendingPolls });
      return { body: { data: { affected: affected.length } } };
    },
  });
  return [
    {
      method: 'GET',
      path: SENTINELONE_PATHS.systemInfo,
      handle: () => ({
        body: { data: { build: '24.1.2', release: 'GA', latestAgentVersion: '24.1.2.6' } },
      }),
    },
    {
      method: 'GET',
      path: SENTINELONE_PATHS.threats,
      handle: (request) => list(request, SENTINELONE_PATHS.threats, threatUpdatedAt),
    },
    {
      method: 'GET',
      path: SENTINELONE_PATHS.agents,
      handle: (request) => list(request, SENTINELONE_PATHS.agents, agentUpdatedAt, agentView),
    },
    networkAction(SENTINELONE_PATHS.disconnect, 'disconnected', 'disconnecting'),
    networkAction(SENTINELONE_PATHS.connect, 'connected', 'connecting'),
  ];
}

/** What the simulated Management API serves. */
export interface SentinelOneSimulatorData {
  /** Threat records (Management API v2.1 shape). */
  threats?: readonly SimulatorRecord[];
  /** Agent records (Management API v2.1 shape). */
  agents?: readonly SimulatorRecord[];
  /** Agent polls before a network action completes. Default 2. */
  pendingPolls?: number;
}

/** Simulator options serving `data` with `Authorization: ApiToken …`. */
export function sentineloneSimulatorOptions(
  data: SentinelOneSimulatorData = {},
): VendorSimulatorOptions {
  const pendingPolls = data.pendingPolls ?? 2;
  return {
    auth: { type: 'header', header: 'authorization', value: `ApiToken ${SENTINELONE_API_TOKEN}` },
    datasets: [
      {
        path: SENTINELONE_PATHS.threats,
        cursor: 'next-token',
        records: [...(data.threats ?? [])],
        idField: 'id',
        timeField: 'threatInfo.updatedAt',
      },
      {
        path: SENTINELONE_PATHS.agents,
        cursor: 'next-token',
        records: [...(data.agents ?? [])],
        idField: 'id',
        timeField: 'updatedAt',
      },
    ],
    routes: sentineloneRoutes(pendingPolls),
  };
}
