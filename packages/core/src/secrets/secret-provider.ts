import type { TenantId } from '../runtime/tenant.js';

/**
 * Where credentials come from, per tenant. Implementations register every value they return
 * with `registerSecret`, so that it is redacted from errors and logs wherever it appears.
 */
export interface SecretProvider {
  /**
   * The secret `name` of `tenant` (an API key, a client secret…). Never another tenant's.
   * @throws SecretNotFoundError when there is none.
   */
  get(tenant: TenantId, name: string): Promise<string>;
}
