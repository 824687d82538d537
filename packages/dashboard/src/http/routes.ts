import type { z } from 'zod';
import type { Principal } from '../access/principal.js';
import { DashboardError } from '../errors.js';
import type { SocOperations } from '../operations/types.js';
import {
  commentBody,
  decisionBody,
  hourlyQuery,
  huntBody,
  listCasesQuery,
  playbookRunsQuery,
  proposeBody,
  searchFindingsQuery,
  slaQuery,
  tenantQuery,
  trendsQuery,
} from './params.js';

/** What a JSON route's handler receives: the caller, the parsed query and body, the path params. */
export interface ApiCall<Q, B> {
  readonly operations: SocOperations;
  readonly principal: Principal;
  readonly query: Q;
  readonly body: B;
  readonly params: Readonly<Record<string, string>>;
}

/** A route of the JSON API: its method and path, the schemas of its inputs, what it answers. */
export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query: z.ZodType;
  /** The body's schema; routes without one take no body. */
  readonly body?: z.ZodType | undefined;
  /** `stream`: the Server-Sent Events route, served by the event stream rather than `run`. */
  readonly kind: 'json' | 'stream';
  run(call: ApiCall<unknown, unknown>): Promise<unknown>;
}

function route<Q extends z.ZodType, B extends z.ZodType | undefined = undefined>(definition: {
  method: 'GET' | 'POST';
  path: string;
  query: Q;
  body?: B;
  run(call: ApiCall<z.output<Q>, B extends z.ZodType ? z.output<B> : undefined>): Promise<unknown>;
}): ApiRoute {
  return { ...definition, kind: 'json' } as unknown as ApiRoute;
}

/**
 * The tenant of a route about one tenant's object: `?tenant=` when it names one, else the
 * principal's only tenant; `*` or a principal of several tenants without `?tenant=` is refused
 * (`DASHBOARD_TENANT_REQUIRED`).
 */
export async function singleTenant(
  operations: SocOperations,
  principal: Principal,
  tenant: string | undefined,
): Promise<string> {
  if (tenant !== undefined && tenant !== '*') return tenant;
  if (tenant === undefined) {
    const tenants = await operations.tenantsOf(principal);
    if (tenants.length === 1) return tenants[0] as string;
  }
  throw new DashboardError(
    'DASHBOARD_TENANT_REQUIRED',
    'this request is about one tenant: pass ?tenant=<id>',
    { details: { parameter: 'tenant' } },
  );
}

/** The routes of the JSON API (the HTTP contract of the dashboard). */
export const API_ROUTES: readonly ApiRoute[] = [
  route({
    method: 'GET',
    path: '/api/session',
    query: tenantQuery,
    run: async ({ operations, principal }) => ({
      id: principal.id,
      name: principal.name ?? principal.id,
      roles: principal.roles,
      groups: principal.groups ?? [],
      tenants: await operations.tenantsOf(principal),
    }),
  }),
  route({
    method: 'GET',
    path: '/api/overview',
    query: tenantQuery,
    run: ({ operations, principal, query }) => operations.overview(principal, query),
  }),
  route({
    method: 'GET',
    path: '/api/cases',
    query: listCasesQuery,
    run: ({ operations, principal, query }) => operations.listCases(principal, query),
  }),
  route({
    method: 'GET',
    path: '/api/cases/:id',
    query: tenantQuery,
    run: async ({ operations, principal, query, params }) =>
      operations.getCase(principal, {
        tenant: await singleTenant(operations, principal, query.tenant),
        id: params['id'] as string,
      }),
  }),
  route({
    method: 'POST',
    path: '/api/cases/:id/comments',
    query: tenantQuery,
    body: commentBody,
    run: async ({ operations, principal, query, params, body }) =>
      operations.addCaseComment(principal, {
        tenant: await singleTenant(operations, principal, query.tenant),
        caseId: params['id'] as string,
        text: body.text,
      }),
  }),
  route({
    method: 'GET',
    path: '/api/sla',
    query: slaQuery,
    run: ({ operations, principal, query }) => operations.slaClocks(principal, query),
  }),
  route({
    method: 'GET',
    path: '/api/metrics/trends',
    query: trendsQuery,
    run: ({ operations, principal, query }) => operations.metricTrends(principal, query),
  }),
  route({
    method: 'GET',
    path: '/api/findings/hourly',
    query: hourlyQuery,
    run: ({ operations, principal, query }) => operations.findingsPerHour(principal, query),
  }),
  route({
    method: 'GET',
    path: '/api/findings',
    query: searchFindingsQuery,
    run: ({ operations, principal, query }) => operations.searchFindings(principal, query),
  }),
  route({
    method: 'GET',
    path: '/api/findings/:id/score',
    query: tenantQuery,
    run: async ({ operations, principal, query, params }) =>
      operations.explainScore(principal, {
        tenant: await singleTenant(operations, principal, query.tenant),
        findingId: params['id'] as string,
      }),
  }),
  route({
    method: 'GET',
    path: '/api/connectors',
    query: tenantQuery,
    run: ({ operations, principal, query }) => operations.connectorHealth(principal, query),
  }),
  route({
    method: 'GET',
    path: '/api/playbook-runs',
    query: playbookRunsQuery,
    run: ({ operations, principal, query }) => operations.playbookRuns(principal, query),
  }),
  route({
    method: 'GET',
    path: '/api/approvals',
    query: tenantQuery,
    run: ({ operations, principal, query }) => operations.pendingApprovals(principal, query),
  }),
  route({
    method: 'POST',
    path: '/api/approvals/:id/decision',
    query: tenantQuery,
    body: decisionBody,
    run: async ({ operations, principal, query, params, body }) =>
      operations.decideApproval(principal, {
        tenant: await singleTenant(operations, principal, query.tenant),
        id: params['id'] as string,
        decision: body.decision,
        reason: body.reason,
      }),
  }),
  route({
    method: 'POST',
    path: '/api/actions/propose',
    query: tenantQuery,
    body: proposeBody,
    run: async ({ operations, principal, query, body }) =>
      operations.proposeAction(principal, {
        tenant: await singleTenant(operations, principal, query.tenant),
        caseId: body.caseId,
        command: body.command,
        reason: body.reason,
      }),
  }),
  route({
    method: 'POST',
    path: '/api/hunts',
    query: tenantQuery,
    body: huntBody,
    run: async ({ operations, principal, query, body }) =>
      operations.runHunt(principal, {
        tenant: await singleTenant(operations, principal, query.tenant),
        hunt: body.hunt,
      }),
  }),
  {
    method: 'GET',
    path: '/api/events',
    query: tenantQuery,
    kind: 'stream',
    run: () => Promise.reject(new TypeError('the event stream is not a JSON route')),
  },
];
