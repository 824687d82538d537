import { ConnectorResponseError } from '@openmdr/connector-kit';

/**
 * A Splunk search job ended `FAILED`, or did not finish in time.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_response | CONNECTOR_RESPONSE} in the error reference
 */
export class SplunkSearchJobError extends ConnectorResponseError {
  /** Marks Splunk search job errors (see {@link ConnectorResponseError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-splunk.SplunkSearchJobError',
  );
  /** The job's search id. */
  readonly sid: string;
  /** The job's messages (`FATAL`, `ERROR`), as Splunk wrote them. */
  readonly messages: readonly string[];
  constructor(message: string, sid: string, messages: readonly string[] = []) {
    super(message, { details: { sid, messages } });
    this.name = 'SplunkSearchJobError';
    this.sid = sid;
    this.messages = messages;
  }
}
