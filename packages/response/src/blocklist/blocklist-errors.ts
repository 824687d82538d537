import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * A value cannot go on a blocklist (code `RESPONSE_BLOCKLIST_ENTRY`): not an IP address or
 * network, a domain or a URL, or an expiry already past.
 */
export class BlocklistEntryError extends OpenMdrError {
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('RESPONSE_BLOCKLIST_ENTRY', message, options);
    this.name = 'BlocklistEntryError';
  }
}
