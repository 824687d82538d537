import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * A search cannot run: a language the connector does not search in, an empty or inverted time
 * range, a tenant other than the instance's, or a query the SIEM refused (its messages in
 * `details`).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_search | CONNECTOR_SEARCH} in the error reference
 */
export class ConnectorSearchError extends OpenMdrError {
  /** Marks search errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ConnectorSearchError',
  );
  declare readonly code: 'CONNECTOR_SEARCH';
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('CONNECTOR_SEARCH', message, options);
    this.name = 'ConnectorSearchError';
  }
}
