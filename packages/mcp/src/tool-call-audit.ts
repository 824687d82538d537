import type { Principal, SocOperations } from '@openmdr/dashboard';
import type { AuditLog } from '@openmdr/response';

/** What every tool call reports to `onToolCall`, whether it succeeded or not. */
export interface ToolCallRecord {
  /** The tool name (`search_cases`, `propose_action`, …). */
  readonly tool: string;
  /** The caller's principal id. */
  readonly principal: string;
  /**
   * The tenant asked for (`'*'` for all), else the principal's only tenant; `null` when neither
   * says (the call then fails with `DASHBOARD_TENANT_REQUIRED`) or no principal was resolved.
   */
  readonly tenant: string | null;
  readonly ok: boolean;
  /** The error code, when not `ok`. */
  readonly code?: string | undefined;
  /** Wall time of the call, ms. */
  readonly durationMs: number;
}

/** A hook that sees every tool call once it has finished; a throw withholds the call's result. */
export type OnToolCall = (record: ToolCallRecord) => void | Promise<void>;

/** The audit log of a tenant (`new AuditLog(store.forTenant(tenant))`, for instance). */
export type AuditLogOf = (tenant: string) => AuditLog;

/** The tenant a call is about: the argument, else the principal's only tenant, else `null`. */
export function tenantOfCall(principal: Principal | null, requested: unknown): string | null {
  if (typeof requested === 'string' && requested !== '') return requested;
  if (principal !== null && Array.isArray(principal.tenants) && principal.tenants.length === 1)
    return principal.tenants[0] ?? null;
  return null;
}

/**
 * The tenants whose audit log records a call: the tenant asked for when the principal may see
 * it (every tenant it may see for `'*'`); otherwise (a refused cross-tenant call) the principal's
 * own tenants, so that the attempt is on record where the caller belongs and no log is opened
 * for a tenant name the caller made up.
 */
export async function auditTenants(
  operations: SocOperations,
  principal: Principal,
  tenant: string | null,
): Promise<readonly string[]> {
  // tenantsOf refuses a principal without a reading role: such a caller sees no tenant
  const visible =
    principal.tenants === '*'
      ? await operations.tenantsOf(principal).catch(() => [] as readonly string[])
      : principal.tenants;
  if (tenant === '*') return visible;
  if (tenant !== null && visible.includes(tenant)) return [tenant];
  return principal.tenants === '*' ? [] : visible;
}
