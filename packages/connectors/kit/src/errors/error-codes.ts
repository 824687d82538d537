/**
 * The codes of `@openmdr/connector-kit`'s errors, which vendor connectors throw too. Each has a
 * heading (its anchor is the code in lower case) in the error reference,
 * docs/reference/errors.md, saying what it means and what to do.
 */

/** Every code an error thrown by `@openmdr/connector-kit` or a vendor connector carries. */
export const CONNECTOR_ERROR_CODES = [
  'CONFORMANCE_OPTIONS',
  'CONNECTOR_ACTION',
  'CONNECTOR_ACTION_KIND',
  'CONNECTOR_ACTION_REQUEST',
  'CONNECTOR_AUTH',
  'CONNECTOR_CONFIG',
  'CONNECTOR_DEFINITION',
  'CONNECTOR_HTTP_ABORTED',
  'CONNECTOR_HTTP_NETWORK',
  'CONNECTOR_HTTP_STATUS',
  'CONNECTOR_HTTP_TIMEOUT',
  'CONNECTOR_RESPONSE',
  'CONNECTOR_SEARCH',
  'CONNECTOR_STATE',
  'FILE_CORRUPT',
  'FILE_LINE_TOO_LONG',
  'FILE_UNREADABLE',
  'NORMALIZE_FAILED',
  'WEBHOOK_VERIFICATION',
] as const;

/** A code of an error thrown by `@openmdr/connector-kit` or a vendor connector. */
export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[number];
