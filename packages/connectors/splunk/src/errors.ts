import { ConnectorResponseError } from '@openmdr/connector-kit';

/** A Splunk search job ended `FAILED`, or did not finish in time. */
export class SplunkSearchJobError extends ConnectorResponseError {
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
