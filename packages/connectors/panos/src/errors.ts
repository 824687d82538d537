import { ConnectorActionError, ConnectorAuthError } from '@openmdr/connector-kit';
import type { OpenMdrErrorOptions } from '@openmdr/core';
import type { PanosResponse } from './xml.js';

/**
 * The XML API error codes meaning the key is not accepted: 403 (Forbidden: invalid key or
 * insufficient admin rights), 16 (Unauthorized), 22 (Session timed out).
 */
export const PANOS_AUTH_ERROR_CODES: ReadonlySet<number> = new Set([403, 16, 22]);

/** Options of {@link PanosApiError}. */
export interface PanosApiErrorOptions extends OpenMdrErrorOptions {
  /** The `<response code>`, when the firewall gave one. */
  panosCode?: number;
  /** The HTTP status of the answer. */
  status?: number;
}

/**
 * The firewall answered `<response status="error">` to a request it understood the key of: a
 * bad parameter (code 400), an unknown or malformed command (1, 17, 18), an internal error (2–5,
 * 11, 21) or a User-ID entry it refused. A {@link ConnectorActionError} (code
 * `CONNECTOR_ACTION`), with the firewall's code and message.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_action | CONNECTOR_ACTION} in the error reference
 */
export class PanosApiError extends ConnectorActionError {
  /** Marks PAN-OS API errors (see {@link ConnectorActionError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-panos.PanosApiError',
  );
  /** The `<response code>`, when the firewall gave one. */
  readonly panosCode: number | undefined;
  /** The HTTP status of the answer. */
  readonly status: number | undefined;
  constructor(message: string, options: PanosApiErrorOptions = {}) {
    const { panosCode, status, ...rest } = options;
    super(message, {
      ...rest,
      details: {
        ...rest.details,
        ...(panosCode === undefined ? {} : { panosCode }),
        ...(status === undefined ? {} : { status }),
      },
    });
    this.name = 'PanosApiError';
    this.panosCode = panosCode;
    this.status = status;
  }
}

/**
 * The typed kit error for a `<response status="error">`: {@link ConnectorAuthError} for the
 * codes of {@link PANOS_AUTH_ERROR_CODES}, else {@link PanosApiError}. `what` names the call
 * (`user-id register`).
 */
export function panosResponseError(
  what: string,
  response: PanosResponse,
  status: number,
  cause?: unknown,
): ConnectorAuthError | PanosApiError {
  const text = `PAN-OS ${what}: ${response.message ?? 'error'}${
    response.code === undefined ? '' : ` (code ${response.code})`
  }`;
  const causeOption = cause === undefined ? {} : { cause };
  if (response.code !== undefined && PANOS_AUTH_ERROR_CODES.has(response.code)) {
    return new ConnectorAuthError(`${text}: the firewall refused the API key`, {
      status: status === 200 ? 403 : status,
      details: { panosCode: response.code },
      ...causeOption,
    });
  }
  return new PanosApiError(text, {
    status,
    ...(response.code === undefined ? {} : { panosCode: response.code }),
    ...causeOption,
  });
}
