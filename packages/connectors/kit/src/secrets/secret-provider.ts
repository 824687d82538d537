/**
 * Connector credentials come from the tenant's secret provider of `@openmdr/core`
 * (`environmentSecretProvider`, `fileSecretProvider`, or a vault adapter): one lookup per tenant
 * and secret name, rejecting with `SecretNotFoundError` when there is none.
 */
export type { SecretProvider } from '@openmdr/core';
