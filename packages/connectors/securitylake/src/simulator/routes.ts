import type {
  SimulatorRecord,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';

/** Paths of the simulated Amazon Security Lake API. TODO: the vendor's documented paths. */
export const SECURITYLAKE_PATHS = {
  token: '/oauth2/token',
  alerts: '/api/v1/alerts',
  isolate: '/api/v1/hosts/:hostId/isolate',
  action: '/api/v1/actions/:actionId',
} as const;

/** The simulator's OAuth2 client id (a placeholder). */
export const SECURITYLAKE_CLIENT_ID = 'sim-securitylake-client-id';
/** The simulator's OAuth2 client secret (a placeholder, never a real secret). */
export const SECURITYLAKE_CLIENT_SECRET = 'sim-securitylake-client-secret-0123456789';

/**
 * The routes of the simulated Amazon Security Lake API beside the alert list: host isolation, accepted with
 * an action id, whose status is `pending` for `pendingPolls` polls and then `completed`.
 * TODO: the vendor's documented request and response shapes, errors included.
 */
export function securitylakeRoutes(pendingPolls = 2): SimulatorRoute[] {
  const actions = new Map<string, { hostId: string; polls: number }>();
  return [
    {
      method: 'POST',
      path: SECURITYLAKE_PATHS.isolate,
      handle: (request) => {
        const actionId = `act-${actions.size + 1}`;
        actions.set(actionId, { hostId: request.params['hostId'] ?? '', polls: 0 });
        return { status: 202, body: { action_id: actionId } };
      },
    },
    {
      method: 'GET',
      path: SECURITYLAKE_PATHS.action,
      handle: (request) => {
        const actionId = request.params['actionId'] ?? '';
        const action = actions.get(actionId);
        if (!action) return { status: 404, body: { error: `unknown action ${actionId}` } };
        action.polls += 1;
        const status = action.polls > pendingPolls ? 'completed' : 'pending';
        return { body: { id: actionId, host_id: action.hostId, status } };
      },
    },
  ];
}

/** What a simulated Amazon Security Lake tenant serves. */
export interface SecuritylakeSimulatorData {
  /** Alerts as `GET /api/v1/alerts` returns them, served by `updated_at`. */
  alerts?: readonly SimulatorRecord[];
  /** Polls an isolation stays `pending` before it completes. Default 2. */
  pendingPolls?: number;
}

/**
 * Options of a simulated Amazon Security Lake API for `createVendorSimulator`: OAuth2 client credentials on
 * `/oauth2/token` with the placeholder {@link SECURITYLAKE_CLIENT_ID} / {@link SECURITYLAKE_CLIENT_SECRET},
 * alerts paged by next token (`?since=&limit=&after=` → `{ data, meta: { next } }`) and the
 * isolation routes. The framework adds 429s with `Retry-After`, 5xx, slow responses, token
 * expiry and late events when asked.
 */
export function securitylakeSimulatorOptions(
  data: SecuritylakeSimulatorData = {},
): VendorSimulatorOptions {
  return {
    auth: {
      type: 'oauth2',
      tokenPath: SECURITYLAKE_PATHS.token,
      clientId: SECURITYLAKE_CLIENT_ID,
      clientSecret: SECURITYLAKE_CLIENT_SECRET,
    },
    datasets: [
      {
        path: SECURITYLAKE_PATHS.alerts,
        cursor: 'next-token',
        records: data.alerts ?? [],
        idField: 'id',
        timeField: 'updated_at',
      },
    ],
    routes: securitylakeRoutes(data.pendingPolls ?? 2),
  };
}
