import { ConnectorAuthError, ConnectorResponseError } from '@openmdr/connector-kit';
import { registerSecret } from '@openmdr/core';
import { PANOS_AUTH_ERROR_CODES } from './errors.js';
import { parsePanosResponse, unescapeXml, xmlElement } from './xml.js';

/** Options of {@link generatePanosApiKey}. */
export interface PanosKeygenOptions {
  /** The firewall or Panorama management URL. */
  baseUrl: string;
  /** The administrator (a role allowing the User-ID Agent XML API is enough for the connector). */
  username: string;
  /** Its password (registered for redaction, sent in a POST body, never in a URL). */
  password: string;
  /** The fetch to use (a proxy, tests). Default the global fetch. */
  fetch?: typeof fetch;
  /** Request timeout, ms. Default 30 000. */
  timeoutMs?: number;
}

/**
 * Generates an XML API key (`type=keygen`, user and password in a POST body). A one-off setup
 * step, not part of the connector: store the key in the tenant's secret provider as
 * `panos.api_key`. Generating a new key for the admin invalidates its previous keys.
 * @throws ConnectorAuthError when the firewall refuses the credentials; ConnectorResponseError
 *   when it answers without a key.
 */
export async function generatePanosApiKey(options: PanosKeygenOptions): Promise<string> {
  registerSecret(options.password);
  const doFetch = options.fetch ?? fetch;
  const answer = await doFetch(`${options.baseUrl.replace(/\/+$/, '')}/api/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/xml' },
    body: new URLSearchParams({
      type: 'keygen',
      user: options.username,
      password: options.password,
    }).toString(),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const parsed = parsePanosResponse(await answer.text());
  const key = parsed?.result === undefined ? undefined : xmlElement(parsed.result, 'key');
  if (parsed?.status === 'success' && answer.ok && key !== undefined && key.trim() !== '') {
    const value = unescapeXml(key.trim());
    registerSecret(value);
    return value;
  }
  if (
    answer.status === 401 ||
    answer.status === 403 ||
    (parsed?.code !== undefined && PANOS_AUTH_ERROR_CODES.has(parsed.code))
  ) {
    throw new ConnectorAuthError(
      `PAN-OS keygen: the firewall refused the credentials of ${options.username} (HTTP ${answer.status})`,
      { status: answer.status },
    );
  }
  throw new ConnectorResponseError(
    `PAN-OS keygen answered HTTP ${answer.status} without a key: ${parsed?.message ?? 'not an XML API response'}`,
    { details: { status: answer.status } },
  );
}
