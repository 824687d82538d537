import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords, recordTime } from '@openmdr/connector-kit/simulator';

/** Test tenant, app and secret (obvious placeholders). */
export const DEFENDER_TENANT = '00000000-0000-4000-8000-000000000001';
export const DEFENDER_CLIENT_ID = '11111111-1111-4111-8111-111111111111';
export const DEFENDER_CLIENT_SECRET = 'sim-defender-client-secret-0123456789';

/** The simulated list endpoints: path, fixture file (of the connector's tests), time field. */
export const DEFENDER_LISTS = {
  alerts: { path: '/api/alerts', fixture: 'endpoint-alerts', timeField: 'lastUpdateTime' },
  machines: { path: '/api/machines', fixture: 'machines', timeField: 'lastSeen' },
  'xdr-alerts': {
    path: '/v1.0/security/alerts_v2',
    fixture: 'xdr-alerts',
    timeField: 'lastUpdateDateTime',
  },
  incidents: {
    path: '/v1.0/security/incidents',
    fixture: 'incidents',
    timeField: 'lastUpdateDateTime',
  },
} as const;

/** `lastUpdateTime ge 2026-04-01T00:00:00.000Z` → field and epoch ms. */
function odataSince(filter: string | null): { field: string; since: number } | undefined {
  const match = /^(\w+) ge (\S+)$/.exec(filter ?? '');
  return match?.[1] && match[2] ? { field: match[1], since: Date.parse(match[2]) } : undefined;
}

/**
 * An OData list like Defender's and Graph's: `$filter=<field> ge <time>`, `$top`, `$skip`,
 * `@odata.nextLink` as an absolute URL, results newest first (the APIs do not sort by the
 * watermark field, so the connector must not rely on order).
 */
function odataList(request: SimulatorRequest, path: string, timeField: string): SimulatorResponse {
  const filter = odataSince(request.query.get('$filter'));
  if (request.query.get('$filter') && (!filter || filter.field !== timeField)) {
    return {
      status: 400,
      body: { error: { code: 'BadRequest', message: 'Invalid filter clause' } },
    };
  }
  const top = Number(request.query.get('$top') ?? 100);
  const skip = Number(request.query.get('$skip') ?? 0);
  const matching = liveRecords(request, path)
    .filter((record) => !filter || recordTime(record, timeField) >= filter.since)
    .sort((left, right) => recordTime(right, timeField) - recordTime(left, timeField));
  const page = matching.slice(skip, skip + top);
  const origin = `http://${request.headers['host']}`;
  const next = new URL(`${origin}${path}`);
  for (const [key, value] of request.query) if (key !== '$skip') next.searchParams.set(key, value);
  next.searchParams.set('$skip', String(skip + top));
  return {
    body: {
      '@odata.context': `${origin}${path.startsWith('/v1.0') ? '/v1.0/$metadata#security' : '/api/$metadata#Collection'}`,
      value: page,
      ...(skip + top < matching.length ? { '@odata.nextLink': next.toString() } : {}),
    },
  };
}

interface MachineActionState {
  action: SimulatorRecord;
  polls: number;
}

/**
 * Routes of a simulated Defender for Endpoint API and Microsoft Graph over the simulator's
 * datasets (register the running simulator with `registerSimulator`): the four OData lists,
 * isolate/unisolate returning a Pending machine action that goes InProgress then Succeeded
 * (or Failed for a machine id starting with `fa11`) after `pendingPolls` polls, and PATCH of
 * Graph alerts and incidents.
 */
export function defenderRoutes(pendingPolls = 2): SimulatorRoute[] {
  const actions = new Map<string, MachineActionState>();
  let actionCount = 0;
  const lists: SimulatorRoute[] = Object.values(DEFENDER_LISTS).map((list) => ({
    method: 'GET',
    path: list.path,
    handle: (request) => odataList(request, list.path, list.timeField),
  }));
  const machineAction = (type: 'Isolate' | 'Unisolate') => ({
    method: 'POST',
    path: `/api/machines/:id/${type.toLowerCase()}`,
    handle: (request: SimulatorRequest): SimulatorResponse => {
      const body = request.json as { Comment?: unknown; IsolationType?: unknown } | undefined;
      if (typeof body?.Comment !== 'string' || body.Comment.length === 0) {
        return {
          status: 400,
          body: { error: { code: 'InvalidRequestBody', message: 'Comment is required' } },
        };
      }
      const known = liveRecords(request, DEFENDER_LISTS.machines.path).some(
        (record) => record['id'] === request.params['id'],
      );
      if (!known && !request.params['id']?.startsWith('fa11')) {
        return {
          status: 404,
          body: { error: { code: 'ResourceNotFound', message: 'Machine not found' } },
        };
      }
      actionCount += 1;
      const id = `00000000-0000-4000-a000-${String(actionCount).padStart(12, '0')}`;
      const action: SimulatorRecord = {
        id,
        type,
        scope: type === 'Isolate' ? (body.IsolationType ?? 'Full') : null,
        requestor: DEFENDER_CLIENT_ID,
        requestorComment: body.Comment,
        status: 'Pending',
        machineId: request.params['id'],
        computerDnsName: null,
        creationDateTimeUtc: new Date().toISOString(),
        lastUpdateDateTimeUtc: new Date().toISOString(),
        errorHResult: 0,
        relatedFileInfo: null,
      };
      actions.set(id, { action, polls: 0 });
      return { status: 201, body: action };
    },
  });
  const patch = (path: string, listPath: string): SimulatorRoute => ({
    method: 'PATCH',
    path,
    handle: (request) => {
      const record = liveRecords(request, listPath).find(
        (item) => item['id'] === request.params['id'],
      );
      if (!record)
        return { status: 404, body: { error: { code: 'NotFound', message: 'not found' } } };
      Object.assign(record, request.json as object, {
        lastUpdateDateTime: new Date().toISOString(),
      });
      return { body: record };
    },
  });
  return [
    ...lists,
    machineAction('Isolate'),
    machineAction('Unisolate'),
    {
      method: 'GET',
      path: '/api/machineactions/:id',
      handle: (request) => {
        const state = actions.get(request.params['id'] ?? '');
        if (!state)
          return {
            status: 404,
            body: { error: { code: 'ResourceNotFound', message: 'not found' } },
          };
        state.polls += 1;
        const failing = String(state.action['machineId']).startsWith('fa11');
        state.action['status'] =
          state.polls < pendingPolls ? 'InProgress' : failing ? 'Failed' : 'Succeeded';
        return { body: state.action };
      },
    },
    patch('/v1.0/security/alerts_v2/:id', DEFENDER_LISTS['xdr-alerts'].path),
    patch('/v1.0/security/incidents/:id', DEFENDER_LISTS.incidents.path),
  ];
}

/** The records a simulated Defender / Graph tenant serves, by list. */
export type DefenderSimulatorData = Partial<
  Record<keyof typeof DEFENDER_LISTS, readonly SimulatorRecord[]>
>;

/** Options of {@link defenderSimulatorOptions} and `startDefenderSimulator`. */
export interface DefenderSimulatorOptions {
  /** Records per list: `alerts` (MDE), `machines`, `xdr-alerts` (Graph alerts_v2), `incidents`. */
  data?: DefenderSimulatorData;
  /** Polls a machine action stays Pending/InProgress. Default 2. */
  pendingPolls?: number;
}

/**
 * Options of a simulated Defender for Endpoint API and Microsoft Graph (OAuth2 at
 * `/<tenant>/oauth2/v2.0/token` with the placeholder {@link DEFENDER_CLIENT_ID} /
 * {@link DEFENDER_CLIENT_SECRET}), for `createVendorSimulator` (register the running simulator
 * with `registerSimulator`).
 */
export function defenderSimulatorOptions(
  options: DefenderSimulatorOptions = {},
): VendorSimulatorOptions {
  return {
    auth: {
      type: 'oauth2',
      tokenPath: `/${DEFENDER_TENANT}/oauth2/v2.0/token`,
      clientId: DEFENDER_CLIENT_ID,
      clientSecret: DEFENDER_CLIENT_SECRET,
      tokenLifetimeSeconds: 3599,
    },
    datasets: (Object.keys(DEFENDER_LISTS) as (keyof typeof DEFENDER_LISTS)[]).map((name) => ({
      path: DEFENDER_LISTS[name].path,
      cursor: 'odata-next-link' as const,
      records: options.data?.[name] ?? [],
      idField: 'id',
      timeField: DEFENDER_LISTS[name].timeField,
    })),
    routes: defenderRoutes(options.pendingPolls ?? 2),
  };
}
