import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * A value cannot go on a blocklist (code `RESPONSE_BLOCKLIST_ENTRY`): not an IP address or
 * network, a domain or a URL, or an expiry already past.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#response_blocklist_entry | RESPONSE_BLOCKLIST_ENTRY} in the error reference
 */
export class BlocklistEntryError extends OpenMdrError {
  /** Marks blocklist entry errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.BlocklistEntryError',
  );
  declare readonly code: 'RESPONSE_BLOCKLIST_ENTRY';
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('RESPONSE_BLOCKLIST_ENTRY', message, options);
    this.name = 'BlocklistEntryError';
  }
}
