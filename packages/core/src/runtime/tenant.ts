import { OpenMdrError } from '../errors/openmdr-error.js';

/** A tenant (customer) identifier. Every event, state key, checkpoint and credential carries one. */
export type TenantId = string & { readonly __tenant?: never };

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The tenant used when an embedder runs a single customer and does not name one. */
export const DEFAULT_TENANT: TenantId = 'default';

/**
 * Checks and returns a tenant id: 1–128 characters of letters, digits, `.`, `_`, `-`, starting
 * with a letter or digit (so that it is safe inside storage keys).
 * @throws OpenMdrError with code `TENANT_INVALID`.
 */
export function tenantId(value: string): TenantId {
  if (!TENANT_PATTERN.test(value)) {
    throw new OpenMdrError('TENANT_INVALID', `invalid tenant id ${JSON.stringify(value)}`, {
      details: { tenant: value },
    });
  }
  return value as TenantId;
}
