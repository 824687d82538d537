import type { TenantId } from '@openmdr/core';

/**
 * Where connector credentials come from: one lookup per tenant and secret name. Implementations
 * read environment variables, files, or a vault. Structurally the same contract as the secret
 * providers of `@openmdr/core`, so any of them can be passed.
 */
export interface SecretProvider {
  /** The secret `name` of `tenant`, or `undefined` (or a rejection) when there is none. */
  get(tenant: TenantId, name: string): Promise<string | undefined>;
}
