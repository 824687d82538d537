import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * A search cannot run: a language the connector does not search in, an empty or inverted time
 * range, a tenant other than the instance's, or a query the SIEM refused (its messages in
 * `details`).
 */
export class ConnectorSearchError extends OpenMdrError {
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('CONNECTOR_SEARCH', message, options);
    this.name = 'ConnectorSearchError';
  }
  /** True when `error` is a {@link ConnectorSearchError}. */
  static override isInstance(error: unknown): error is ConnectorSearchError {
    return OpenMdrError.isInstance(error) && error.code === 'CONNECTOR_SEARCH';
  }
}
