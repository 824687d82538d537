import type {
  SimulatorRecord,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';

/** Test directory tenant, app and secret of a simulated Entra ID (obvious placeholders). */
export const ENTRA_SIM_TENANT = '7d3f6c1e-2b4a-4c8d-9e0f-1a2b3c4d5e6f';
export const ENTRA_SIM_CLIENT_ID = 'a1b2c3d4-0000-4000-8000-00000000c0de';
export const ENTRA_SIM_CLIENT_SECRET = 'Sim~EntraClientSecret.9f8e7d6c5b4a3';

/** The Graph lists a simulated Entra tenant serves: path and time field. */
export const ENTRA_LISTS = {
  signins: { path: '/v1.0/auditLogs/signIns', timeField: 'createdDateTime' },
  audits: { path: '/v1.0/auditLogs/directoryAudits', timeField: 'activityDateTime' },
  riskyUsers: { path: '/v1.0/identityProtection/riskyUsers', timeField: 'riskLastUpdatedDateTime' },
  riskDetections: {
    path: '/v1.0/identityProtection/riskDetections',
    timeField: 'lastUpdatedDateTime',
  },
} as const;

/** A user of the simulated directory; actions change `accountEnabled`. */
export interface SimulatedEntraUser {
  id: string;
  userPrincipalName: string;
  displayName?: string;
  accountEnabled?: boolean;
}

/** Options of {@link entraSimulatorOptions}. */
export interface EntraSimulatorOptions {
  /** Records per Graph list. */
  data?: Partial<Record<keyof typeof ENTRA_LISTS, readonly SimulatorRecord[]>>;
  /** The directory's users (by id or UPN in requests). Changed in place by the actions. */
  users?: SimulatedEntraUser[];
}

const notFound: SimulatorResponse = {
  status: 404,
  body: { error: { code: 'Request_ResourceNotFound', message: 'Resource does not exist.' } },
};

/**
 * Routes of the Graph user and ID Protection calls the Entra actions make: `PATCH /users/{id}`
 * (`accountEnabled`, kept on the user), `revokeSignInSessions`, `confirmCompromised`, `dismiss`;
 * 404 for users the directory does not hold.
 */
export function entraUserRoutes(users: SimulatedEntraUser[]): SimulatorRoute[] {
  const find = (key: string | undefined) =>
    users.find(
      (user) => user.id === key || user.userPrincipalName.toLowerCase() === key?.toLowerCase(),
    );
  return [
    {
      method: 'GET',
      path: '/v1.0/users/:id',
      handle: (request) => {
        const user = find(request.params['id']);
        return user ? { body: { accountEnabled: true, ...user } } : notFound;
      },
    },
    {
      method: 'PATCH',
      path: '/v1.0/users/:id',
      handle: (request) => {
        const user = find(request.params['id']);
        if (!user) return notFound;
        const change = request.json as { accountEnabled?: unknown } | undefined;
        if (typeof change?.accountEnabled === 'boolean')
          user.accountEnabled = change.accountEnabled;
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/users/:id/revokeSignInSessions',
      handle: (request) =>
        find(request.params['id'])
          ? {
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

/**
 * Options of a simulated Entra ID tenant (OAuth2 at `/<tenant>/oauth2/v2.0/token` with the
 * placeholder {@link ENTRA_SIM_CLIENT_ID} / {@link ENTRA_SIM_CLIENT_SECRET}): the four Graph lists
 * as OData (`$filter`, `$top`, `@odata.nextLink`) and the user routes, for `createVendorSimulator`.
 */
export function entraSimulatorOptions(options: EntraSimulatorOptions = {}): VendorSimulatorOptions {
  return {
    auth: {
      type: 'oauth2',
      tokenPath: `/${ENTRA_SIM_TENANT}/oauth2/v2.0/token`,
      clientId: ENTRA_SIM_CLIENT_ID,
      clientSecret: ENTRA_SIM_CLIENT_SECRET,
      tokenLifetimeSeconds: 3599,
    },
    datasets: (Object.keys(ENTRA_LISTS) as (keyof typeof ENTRA_LISTS)[]).map((name) => ({
      path: ENTRA_LISTS[name].path,
      cursor: 'odata-next-link' as const,
      records: options.data?.[name] ?? [],
      idField: 'id',
      timeField: ENTRA_LISTS[name].timeField,
    })),
    routes: entraUserRoutes(options.users ?? []),
  };
}
