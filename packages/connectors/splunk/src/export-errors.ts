import { ConnectorResponseError } from '@openmdr/connector-kit';

/**
 * A Splunk export stream reported a `FATAL` or `ERROR` message (the search could not run or
 * failed part-way), or was cut more often than the reader resumes it.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_response | CONNECTOR_RESPONSE} in the error reference
 */
export class SplunkExportError extends ConnectorResponseError {
  /** Marks Splunk export errors (see {@link ConnectorResponseError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-splunk.SplunkExportError',
  );
  /** The export path requested (`/services/search/v2/jobs/export`). */
  readonly path: string;
  /** The stream's `FATAL` / `ERROR` messages, as `TYPE: text`. */
  readonly messages: readonly string[];
  /** Final results read before the failure. */
  readonly resultsRead: number;
  constructor(
    message: string,
    options: { path: string; messages?: readonly string[]; resultsRead: number; cause?: unknown },
  ) {
    const messages = options.messages ?? [];
    super(message, {
      details: { path: options.path, messages, resultsRead: options.resultsRead },
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = 'SplunkExportError';
    this.path = options.path;
    this.messages = messages;
    this.resultsRead = options.resultsRead;
  }
}
