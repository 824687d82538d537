/**
 * `@openmdr/connector-panos`: the PAN-OS connector (Palo Alto Networks firewalls and Panorama),
 * actions only — `register-ip-tag` (implements `deny_ip`) and `unregister-ip-tag` (`allow_ip`)
 * tag addresses through the XML API's User-ID call so that a dynamic address group used in a
 * deny rule blocks them; the uid-message builder, the response parser and `type=keygen`.
 *
 * @packageDocumentation
 */

export {
  registerIpTagAction,
  registerIpTagInputSchema,
  registerIpTagManifest,
  registerIpTagOutputSchema,
  unregisterIpTagAction,
  unregisterIpTagInputSchema,
  unregisterIpTagManifest,
  unregisterIpTagOutputSchema,
} from './actions.js';
export { normalizePanosAddress } from './address.js';
export { createPanosClient, PANOS_API_PATH, type PanosClient, panosRequest } from './client.js';
export {
  PANOS_MAX_TAG_TIMEOUT_SECONDS,
  type PanosConfig,
  panosConfigSchema,
  panosTagSchema,
} from './config.js';
export { panosConnector } from './connector.js';
export {
  PANOS_AUTH_ERROR_CODES,
  PanosApiError,
  type PanosApiErrorOptions,
  panosResponseError,
} from './errors.js';
export { generatePanosApiKey, type PanosKeygenOptions } from './keygen.js';
export {
  PANOS_NO_CHANGE_MESSAGE,
  type PanosUserIdResult,
  registerIpTags,
  unregisterIpTags,
} from './user-id.js';
export { getPanosVersion, type PanosVersionInfo } from './version.js';
export {
  escapeXml,
  type PanosEntryMessage,
  type PanosIpTags,
  type PanosResponse,
  parsePanosResponse,
  parseUidEntries,
  uidMessage,
  unescapeXml,
  xmlAttribute,
  xmlElement,
} from './xml.js';
