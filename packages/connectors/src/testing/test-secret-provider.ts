import type { TenantId } from '@openmdr/core';
import type { SecretProvider } from '../secrets/secret-provider.js';

/**
 * An in-memory secret provider for tests: `secrets[name]` for every tenant, or
 * `secrets['<tenant>/<name>']` for one tenant.
 */
export function createTestSecretProvider(
  secrets: Readonly<Record<string, string>>,
): SecretProvider {
  return {
    get: async (tenant: TenantId, name: string) => secrets[`${tenant}/${name}`] ?? secrets[name],
  };
}
