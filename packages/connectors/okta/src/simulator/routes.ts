import type { SimulatorRecord, SimulatorRoute } from '@openmdr/connector-kit/simulator';

/** An Okta user as the simulated Users API keeps it. */
export interface SimulatedOktaUser {
  id: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED' | 'PASSWORD_EXPIRED';
  login: string;
}

/**
 * Routes of the Okta Users API lifecycle calls the connector's actions use, over a mutable user
 * list: suspend/unsuspend (400 `E0000001` from the wrong state), expire password, clear sessions,
 * get user (404 `E0000007` for an unknown id). For tests.
 */
export function oktaUserRoutes(users: SimulatedOktaUser[]): SimulatorRoute[] {
  const find = (id: string | undefined) =>
    users.find((user) => user.id === id || user.login === id);
  const notFound = (id: string | undefined) => ({
    status: 404,
    body: {
      errorCode: 'E0000007',
      errorSummary: `Not found: Resource not found: ${id} (User)`,
      errorLink: 'E0000007',
      errorId: 'oaeSimulated0000000001',
      errorCauses: [],
    },
  });
  const transition = (from: SimulatedOktaUser['status'], to: SimulatedOktaUser['status']) =>
    ((request) => {
      const user = find(request.params['id']);
      if (!user) return notFound(request.params['id']);
      if (user.status !== from) {
        return {
          status: 400,
          body: {
            errorCode: 'E0000001',
            errorSummary: `Api validation failed: user is not ${from}`,
            errorLink: 'E0000001',
            errorId: 'oaeSimulated0000000002',
            errorCauses: [],
          },
        };
      }
      user.status = to;
      return { status: 200, body: {} };
    }) satisfies SimulatorRoute['handle'];
  const profile = (user: SimulatedOktaUser): SimulatorRecord => ({
    id: user.id,
    status: user.status,
    profile: { login: user.login, email: user.login },
  });
  return [
    {
      method: 'POST',
      path: '/api/v1/users/:id/lifecycle/suspend',
      handle: transition('ACTIVE', 'SUSPENDED'),
    },
    {
      method: 'POST',
      path: '/api/v1/users/:id/lifecycle/unsuspend',
      handle: transition('SUSPENDED', 'ACTIVE'),
    },
    {
      method: 'POST',
      path: '/api/v1/users/:id/lifecycle/expire_password',
      handle: (request) => {
        const user = find(request.params['id']);
        if (!user) return notFound(request.params['id']);
        user.status = 'PASSWORD_EXPIRED';
        return { status: 200, body: profile(user) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/:id/sessions',
      handle: (request) =>
        find(request.params['id']) ? { status: 204 } : notFound(request.params['id']),
    },
    {
      method: 'GET',
      path: '/api/v1/users/:id',
      handle: (request) => {
        const user = find(request.params['id']);
        return user ? { status: 200, body: profile(user) } : notFound(request.params['id']);
      },
    },
  ];
}
