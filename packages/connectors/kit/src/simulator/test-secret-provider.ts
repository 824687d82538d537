import { SecretNotFoundError, type SecretProvider, type TenantId } from '@openmdr/core';

/**
 * An in-memory secret provider for tests: `secrets[name]` for every tenant, or
 * `secrets['<tenant>/<name>']` for one tenant. Missing secrets reject with `SecretNotFoundError`,
 * like the providers of `@openmdr/core`.
 */
export function createTestSecretProvider(
  secrets: Readonly<Record<string, string>>,
): SecretProvider {
  return {
    get: async (tenant: TenantId, name: string) => {
      const value = secrets[`${tenant}/${name}`] ?? secrets[name];
      if (value === undefined) throw new SecretNotFoundError(tenant, name);
      return value;
    },
  };
}
