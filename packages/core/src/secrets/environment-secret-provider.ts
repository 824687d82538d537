import { registerSecret } from '../errors/redact.js';
import { SecretNotFoundError } from '../errors/runtime-errors.js';
import { type TenantId, tenantId } from '../runtime/tenant.js';
import { checkSecretName } from './secret-name.js';
import type { SecretProvider } from './secret-provider.js';

/** Options of {@link environmentSecretProvider}. */
export interface EnvironmentSecretProviderOptions {
  /** The variables to read. Defaults to `process.env`. */
  environment?: Record<string, string | undefined>;
  /** First part of every variable name. Defaults to `OPENMDR_SECRET`. */
  prefix?: string;
}

/**
 * The variable that holds secret `name` of `tenant`: `<prefix>__<tenant>__<name>`, case kept
 * (`OPENMDR_SECRET__acme__api_key`). Secret names use only letters, digits and single `_`, so
 * the last `__` always separates the name and no two tenants share a variable.
 */
export function secretVariableName(
  tenant: TenantId,
  name: string,
  prefix = 'OPENMDR_SECRET',
): string {
  return `${prefix}__${tenantId(tenant)}__${checkSecretName(name, true)}`;
}

/**
 * Reads secrets from environment variables named by {@link secretVariableName}.
 *
 * @example
 * ```ts
 * // OPENMDR_SECRET__acme__api_key=…
 * const secrets = environmentSecretProvider();
 * const apiKey = await secrets.get(tenantId('acme'), 'api_key');
 * ```
 */
export function environmentSecretProvider(
  options: EnvironmentSecretProviderOptions = {},
): SecretProvider {
  const environment = options.environment ?? process.env;
  const prefix = options.prefix ?? 'OPENMDR_SECRET';
  return {
    async get(tenant, name) {
      const value = environment[secretVariableName(tenant, name, prefix)];
      if (value === undefined || value === '') throw new SecretNotFoundError(tenant, name);
      registerSecret(value);
      return value;
    },
  };
}
