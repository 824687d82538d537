import { OpenMdrError } from '@openmdr/core';

/** Stable codes of {@link IntelError}. */
export type IntelErrorCode =
  /** A STIX pattern does not parse. */
  | 'INTEL_PATTERN_SYNTAX'
  /** A STIX pattern parses but uses something the matcher cannot evaluate. */
  | 'INTEL_PATTERN_UNSUPPORTED'
  /** A STIX bundle, MISP feed or CSV list is malformed. */
  | 'INTEL_SOURCE_INVALID';

/** Where an intel problem is: the source, the indicator, the line or column, the field path. */
export interface IntelErrorLocation {
  /** The source (file name, TAXII collection, feed URL). */
  readonly source?: string | undefined;
  /** The indicator's id. */
  readonly indicatorId?: string | undefined;
  /** 1-based line (CSV, plain lists). */
  readonly line?: number | undefined;
  /** 0-based character offset in a STIX pattern. */
  readonly offset?: number | undefined;
  /** The offending field path (`objects[3].pattern`). */
  readonly path?: string | undefined;
}

/**
 * A problem with threat intelligence input: a STIX pattern that does not parse, a bundle, feed
 * or list that is malformed. (A TAXII server that breaks the protocol is the TAXII connector's
 * `CONNECTOR_RESPONSE` error.) The message and
 * `details` name the source, indicator, line, offset and field path.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#intel_pattern_syntax | INTEL_PATTERN_SYNTAX} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#intel_pattern_unsupported | INTEL_PATTERN_UNSUPPORTED} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#intel_source_invalid | INTEL_SOURCE_INVALID} in the error reference
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#intel_taxii_protocol | INTEL_TAXII_PROTOCOL} in the error reference
 */
export class IntelError extends OpenMdrError {
  /** Marks IntelError instances (see {@link OpenMdrError.marker}); the key older copies used too. */
  static override readonly marker: symbol = Symbol.for('openmdr.intel-error');
  declare readonly code: IntelErrorCode;
  /** Where the problem is. */
  readonly location: IntelErrorLocation;

  constructor(
    code: IntelErrorCode,
    message: string,
    location: IntelErrorLocation = {},
    options: { cause?: unknown; isRetryable?: boolean } = {},
  ) {
    const where = [
      location.source === undefined
        ? undefined
        : `${location.source}${location.line === undefined ? '' : `:${location.line}`}`,
      location.indicatorId === undefined ? undefined : `indicator ${location.indicatorId}`,
      location.path === undefined ? undefined : `at ${location.path}`,
      location.offset === undefined ? undefined : `offset ${location.offset}`,
    ].filter((part) => part !== undefined);
    super(code, where.length > 0 ? `${message} (${where.join(', ')})` : message, {
      cause: options.cause,
      isRetryable: options.isRetryable ?? false,
      details: Object.fromEntries(
        Object.entries(location).filter(([, value]) => value !== undefined),
      ),
    });
    this.name = 'IntelError';
    this.location = location;
  }
}
