// The simulated tenant and the Graph routes the Entra actions call, shared by connector.test.ts
// and the response package's tests (which import this file by path). The conformance test uses
// the public simulator (`./simulator/index.js`) instead.
import type { SimulatorRoute } from '@openmdr/connector-kit/testing';

/** The simulated app registration's tenant. */
export const ENTRA_TEST_TENANT = '7d3f6c1e-2b4a-4c8d-9e0f-1a2b3c4d5e6f';

const KNOWN_USERS = new Set([
  '5e1f0000-0000-4000-8000-000000020002',
  'adele.vance@example.onmicrosoft.com',
]);

/** Routes of the Graph user and ID Protection calls the actions make (404 for unknown users). */
export function entraActionRoutes(): SimulatorRoute[] {
  const notFound = {
    status: 404,
    body: { error: { code: 'Request_ResourceNotFound', message: 'Resource does not exist.' } },
  };
  const known = (id: string | undefined) => id !== undefined && KNOWN_USERS.has(id);
  return [
    {
      method: 'PATCH',
      path: '/v1.0/users/:id',
      handle: (request) => (known(request.params['id']) ? { status: 204 } : notFound),
    },
    {
      method: 'POST',
      path: '/v1.0/users/:id/revokeSignInSessions',
      handle: (request) =>
        known(request.params['id'])
          ? {
              status: 200,
              body: {
                '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean',
                value: true,
              },
            }
          : notFound,
    },
    {
      method: 'POST',
      path: '/v1.0/identityProtection/riskyUsers/confirmCompromised',
      handle: () => ({ status: 204 }),
    },
    {
      method: 'POST',
      path: '/v1.0/identityProtection/riskyUsers/dismiss',
      handle: () => ({ status: 204 }),
    },
  ];
}
