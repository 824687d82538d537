import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/** One problem found while validating a command, a policy or another response document. */
export interface ResponseIssue {
  /** Where the problem is, as a dotted path with indices (`rules[2].hours[0].timeZone`). */
  path: string;
  /** What is wrong. */
  message: string;
}

/**
 * A response command is not valid OpenC2 as OpenMDR speaks it (code `RESPONSE_COMMAND_INVALID`).
 * `details.issues` lists each problem with its field path.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#response_command_invalid | RESPONSE_COMMAND_INVALID} in the error reference
 */
export class CommandValidationError extends OpenMdrError {
  /** Marks command validation errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.CommandValidationError',
  );
  declare readonly code: 'RESPONSE_COMMAND_INVALID';
  /** Each problem with its field path. */
  readonly issues: readonly ResponseIssue[];
  constructor(issues: readonly ResponseIssue[], options: OpenMdrErrorOptions = {}) {
    super('RESPONSE_COMMAND_INVALID', `invalid command: ${formatIssues(issues)}`, {
      ...options,
      details: { ...options.details, issues },
    });
    this.name = 'CommandValidationError';
    this.issues = issues;
  }
}

/** Formats issues as `path: message; path: message`. */
export function formatIssues(issues: readonly ResponseIssue[]): string {
  return issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
}

/** Turns a zod issue path into `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/** Converts zod issues (from `safeParse`) to {@link ResponseIssue}s, prefixed with `prefix`. */
export function issuesFromZod(
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>,
  prefix: readonly PropertyKey[] = [],
): ResponseIssue[] {
  return issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}
