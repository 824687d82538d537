import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registerSecret } from '../errors/redact.js';
import { SecretNotFoundError } from '../errors/runtime-errors.js';
import { tenantId } from '../runtime/tenant.js';
import { checkSecretName } from './secret-name.js';
import type { SecretProvider } from './secret-provider.js';

/** Options of {@link fileSecretProvider}. */
export interface FileSecretProviderOptions {
  /** The directory holding one folder per tenant, one file per secret. */
  directory: string;
}

/**
 * Reads secrets from files laid out as `<directory>/<tenant>/<name>`, the way container
 * orchestrators mount secrets. One trailing newline is removed. Tenant ids and secret names are
 * checked, so a lookup never leaves the tenant's folder.
 */
export function fileSecretProvider(options: FileSecretProviderOptions): SecretProvider {
  return {
    async get(tenant, name) {
      const path = join(options.directory, tenantId(tenant), checkSecretName(name));
      let value: string;
      try {
        value = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new SecretNotFoundError(tenant, name);
        throw new SecretNotFoundError(tenant, name, {
          cause: error,
          details: { reason: (error as NodeJS.ErrnoException).code },
        });
      }
      value = value.replace(/\r?\n$/, '');
      if (value === '') throw new SecretNotFoundError(tenant, name);
      registerSecret(value);
      return value;
    },
  };
}
