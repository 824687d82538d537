/**
 * The codes of `@openmdr/cli`'s own errors (its commands also report the codes of the packages
 * they call). Each has a heading (its anchor is the code in lower case) in the error reference,
 * docs/reference/errors.md.
 */

/** Every code an error raised by `@openmdr/cli` itself carries. */
export const CLI_ERROR_CODES = [
  'CLI_USAGE',
  'CLI_FILE',
  'CLI_WORKER_FAILED',
  'INVALID_JSON',
] as const;

/** A code of an error raised by `@openmdr/cli` itself. */
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];
