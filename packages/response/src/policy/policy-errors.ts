import { OpenMdrError } from '@openmdr/core';
import { formatIssues, issuesFromZod, type ResponseIssue } from '../actions/errors.js';
import { type ResponsePolicy, responsePolicySchema } from './policy-schema.js';

/**
 * A policy document is invalid (code `RESPONSE_POLICY_INVALID`); `issues` name each config path
 * (`rules[2].hours[0].timeZone`) and `details.source` the file or key it came from.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#response_policy_invalid | RESPONSE_POLICY_INVALID} in the error reference
 */
export class PolicyValidationError extends OpenMdrError {
  /** Marks policy validation errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.PolicyValidationError',
  );
  declare readonly code: 'RESPONSE_POLICY_INVALID';
  /** Each problem with its config path. */
  readonly issues: readonly ResponseIssue[];
  constructor(issues: readonly ResponseIssue[], source?: string) {
    super(
      'RESPONSE_POLICY_INVALID',
      `invalid response policy${source ? ` in ${source}` : ''}: ${formatIssues(issues)}`,
      { details: source === undefined ? { issues } : { issues, source } },
    );
    this.name = 'PolicyValidationError';
    this.issues = issues;
  }
}

/**
 * Validates a policy document and applies its defaults.
 * @param source Where it came from (a file name, a config key), quoted in errors.
 * @throws PolicyValidationError naming each bad config path.
 */
export function parsePolicy(input: unknown, source?: string): ResponsePolicy {
  const parsed = responsePolicySchema.safeParse(input);
  if (!parsed.success) throw new PolicyValidationError(issuesFromZod(parsed.error.issues), source);
  return parsed.data;
}
