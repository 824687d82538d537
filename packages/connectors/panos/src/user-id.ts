import { type PanosClient, panosRequest } from './client.js';
import { type PanosEntryMessage, type PanosIpTags, type PanosResponse, uidMessage } from './xml.js';

/**
 * The per-entry messages with which PAN-OS answers `status="error"` to a User-ID update that
 * changed nothing: a tag already registered on the address, or not registered on it. The
 * update is then done; PAN-OS SDKs ignore these too.
 */
export const PANOS_NO_CHANGE_MESSAGE = /(?:already exists, ignore|does not exist, ignore unreg)$/;

/** The result of a User-ID update. */
export interface PanosUserIdResult {
  /** The entries PAN-OS reported as unchanged (already registered, or not registered). */
  unchanged: PanosEntryMessage[];
}

const unchangedOnly = (response: PanosResponse): boolean =>
  response.entries.length > 0 &&
  response.entries.every((entry) => PANOS_NO_CHANGE_MESSAGE.test(entry.message));

async function update(
  client: PanosClient,
  operation: 'register' | 'unregister',
  entries: readonly PanosIpTags[],
): Promise<PanosUserIdResult> {
  const response = await panosRequest(
    client,
    `user-id ${operation}`,
    { type: 'user-id', cmd: uidMessage(operation, entries) },
    unchangedOnly,
  );
  return {
    unchanged: response.entries.filter((entry) => PANOS_NO_CHANGE_MESSAGE.test(entry.message)),
  };
}

/**
 * Registers tags on addresses (`type=user-id`, `<register>`): dynamic address groups matching a
 * tag then hold the address. A tag already registered is reported in `unchanged`, not thrown.
 */
export function registerIpTags(
  client: PanosClient,
  entries: readonly PanosIpTags[],
): Promise<PanosUserIdResult> {
  return update(client, 'register', entries);
}

/**
 * Unregisters tags from addresses (`type=user-id`, `<unregister>`). A tag that was not
 * registered is reported in `unchanged`, not thrown.
 */
export function unregisterIpTags(
  client: PanosClient,
  entries: readonly PanosIpTags[],
): Promise<PanosUserIdResult> {
  return update(client, 'unregister', entries);
}
