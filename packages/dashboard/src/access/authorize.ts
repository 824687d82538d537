/**
 * Tenant and role checks: pure functions over a {@link Principal}, shared by the operations, the
 * JSON API and the MCP tools.
 *
 * @module
 */
import { DashboardError } from '../errors.js';
import type { Principal, SocRole } from './principal.js';

/** The rank of the ordered roles: a higher role includes the lower ones. */
const RANK: Readonly<Record<Exclude<SocRole, 'mssp'>, number>> = {
  viewer: 1,
  analyst: 2,
  approver: 3,
};

/**
 * Whether `principal` holds `role`. `viewer` < `analyst` < `approver`: holding a role includes the
 * ones below it. `mssp` stands apart (it must be granted itself) and also reads as a `viewer`.
 */
export function hasRole(principal: Principal, role: SocRole): boolean {
  if (role === 'mssp') return principal.roles.includes('mssp');
  const needed = RANK[role];
  return principal.roles.some((held) =>
    held === 'mssp' ? needed <= RANK.viewer : RANK[held] >= needed,
  );
}

/**
 * Throws unless `principal` holds `role` (see {@link hasRole}).
 * @throws DashboardError `DASHBOARD_FORBIDDEN`
 */
export function requireRole(principal: Principal, role: SocRole): void {
  if (!hasRole(principal, role)) {
    throw new DashboardError(
      'DASHBOARD_FORBIDDEN',
      `${principal.id} lacks the ${role} role this operation needs`,
      { details: { principal: principal.id, role } },
    );
  }
}

/** Whether `principal` may see `tenant` (its list holds it, or its tenants are `'*'`). */
export function mayAccessTenant(principal: Principal, tenant: string): boolean {
  return principal.tenants === '*' || principal.tenants.includes(tenant);
}

/**
 * The tenants a call with `selector` is about, for `principal`:
 * - a tenant id: that tenant, when the principal may see it;
 * - `'*'`: every tenant the principal may see (`known` when its tenants are `'*'`), only with
 *   the `mssp` role;
 * - omitted: the principal's only tenant.
 *
 * @param known every known tenant, for principals whose tenants are `'*'`.
 * @throws DashboardError `DASHBOARD_FORBIDDEN` (tenant not granted, `'*'` without `mssp`),
 *   `DASHBOARD_TENANT_REQUIRED` (omitted with several tenants), `DASHBOARD_INVALID` (empty id).
 */
export function resolveTenants(
  principal: Principal,
  selector: string | undefined,
  known: readonly string[] = [],
): string[] {
  if (selector === '*') {
    if (!principal.roles.includes('mssp')) {
      throw new DashboardError(
        'DASHBOARD_FORBIDDEN',
        `${principal.id} may not select every tenant (tenant=*) without the mssp role`,
        { details: { principal: principal.id } },
      );
    }
    return principal.tenants === '*' ? [...known] : [...principal.tenants];
  }
  if (selector === undefined) {
    if (principal.tenants !== '*' && principal.tenants.length === 1) {
      return [principal.tenants[0] as string];
    }
    throw new DashboardError(
      'DASHBOARD_TENANT_REQUIRED',
      `${principal.id} may see several tenants: name one (or * with the mssp role)`,
      { details: { principal: principal.id } },
    );
  }
  return [requireTenant(principal, selector)];
}

/**
 * Checks that `principal` may see the single tenant `tenant` and returns it.
 * @throws DashboardError `DASHBOARD_FORBIDDEN`, or `DASHBOARD_INVALID` for an empty id or `'*'`.
 */
export function requireTenant(principal: Principal, tenant: string): string {
  if (typeof tenant !== 'string' || tenant.trim() === '' || tenant === '*') {
    throw new DashboardError('DASHBOARD_INVALID', 'this operation needs one tenant id', {
      details: { path: 'tenant' },
    });
  }
  if (!mayAccessTenant(principal, tenant)) {
    throw new DashboardError(
      'DASHBOARD_FORBIDDEN',
      `${principal.id} may not see tenant ${JSON.stringify(tenant)}`,
      { details: { principal: principal.id, tenant } },
    );
  }
  return tenant;
}
