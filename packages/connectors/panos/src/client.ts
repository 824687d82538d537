import {
  type ConnectorContext,
  ConnectorHttpError,
  ConnectorResponseError,
  type HttpClient,
  staticToken,
} from '@openmdr/connector-kit';
import type { PanosConfig } from './config.js';
import { panosResponseError } from './errors.js';
import { type PanosResponse, parsePanosResponse } from './xml.js';

/** The path of the PAN-OS XML API. */
export const PANOS_API_PATH = '/api/';

/** The PAN-OS vendor client. */
export interface PanosClient {
  /** The XML API: the kit's HTTP client (`X-PAN-KEY`, rate limit, retries, redaction). */
  readonly api: HttpClient;
  /** The validated config (the tag, vsys, target, timeouts). */
  readonly config: PanosConfig;
}

/** Builds the PAN-OS client: every request carries the API key in the `X-PAN-KEY` header. */
export function createPanosClient(config: PanosConfig, context: ConnectorContext): PanosClient {
  const auth = staticToken({ token: config.apiKey, style: { header: 'x-pan-key' } });
  return { config, api: context.createHttpClient({ baseUrl: config.baseUrl, auth }) };
}

/**
 * Sends one XML API request (`POST /api/` with the form `parameters`, plus `vsys` and `target`
 * from the config when set) and resolves its `<response status="success">`, or a
 * `status="error"` one that `accept` takes as done (User-ID duplicates).
 * @throws ConnectorAuthError on HTTP 401/403 or an error code 403, 16 or 22; PanosApiError on
 *   another `<response status="error">` (HTTP 200 or 4xx); ConnectorResponseError when the body
 *   is not an XML API response; ConnectorHttpError when the firewall cannot be reached or keeps
 *   answering 429/5xx.
 */
export async function panosRequest(
  client: PanosClient,
  what: string,
  parameters: Record<string, string>,
  accept: (response: PanosResponse) => boolean = () => false,
): Promise<PanosResponse> {
  const form: Record<string, string> = { ...parameters };
  if (client.config.vsys !== undefined) form['vsys'] = client.config.vsys;
  if (client.config.target !== undefined) form['target'] = client.config.target;
  let status: number;
  let text: string;
  try {
    const answer = await client.api.request<string>({
      method: 'POST',
      path: PANOS_API_PATH,
      form,
      headers: { accept: 'application/xml' },
      responseType: 'text',
    });
    status = answer.status;
    text = answer.data;
  } catch (error) {
    // a 4xx other than 401/403 may still carry the firewall's <response status="error">
    const parsed =
      ConnectorHttpError.isInstance(error) && error.responseBody !== undefined
        ? parsePanosResponse(error.responseBody)
        : undefined;
    if (parsed?.status === 'error' && ConnectorHttpError.isInstance(error)) {
      throw panosResponseError(what, parsed, error.status ?? 0, error);
    }
    throw error;
  }
  const parsed = parsePanosResponse(text);
  if (parsed === undefined) {
    throw new ConnectorResponseError(`PAN-OS ${what}: the answer is not an XML API <response>`, {
      details: { status },
    });
  }
  if (parsed.status === 'error' && !accept(parsed)) throw panosResponseError(what, parsed, status);
  return parsed;
}
