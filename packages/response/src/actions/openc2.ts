/**
 * OpenC2 Language Specification v1.0 constants: the actions and status codes OpenMDR uses.
 * @see https://docs.oasis-open.org/openc2/oc2ls/v1.0/oc2ls-v1.0.html
 */

/** The OpenC2 actions that OpenMDR's vocabulary uses (a subset of OpenC2 §3.3.1.1). */
export const OPENC2_ACTIONS = [
  'query',
  'deny',
  'contain',
  'allow',
  'stop',
  'set',
  'create',
  'delete',
] as const;

/** An OpenC2 action verb. */
export type OpenC2Action = (typeof OPENC2_ACTIONS)[number];

/** OpenC2 response status codes (§3.3.2.2) with their standard text. */
export const OPENC2_STATUS = {
  102: 'Processing',
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
} as const;

/** An OpenC2 status code. */
export type OpenC2StatusCode = keyof typeof OPENC2_STATUS;

/** The status codes, in ascending order. */
export const OPENC2_STATUS_CODES: readonly OpenC2StatusCode[] = [
  102, 200, 400, 401, 403, 404, 500, 501, 503,
];

/** The OpenC2 language version OpenMDR's commands follow. */
export const OPENC2_LANGUAGE_VERSION = '1.0';

/**
 * The profiles OpenMDR speaks: `er` (Endpoint Response, CSD01), `slpf` is not used, and
 * `x-openmdr` is OpenMDR's extension namespace for sessions, notifications and routing.
 */
export const OPENC2_PROFILES = ['er', 'x-openmdr'] as const;
