import { OpenMdrError } from '@openmdr/core';

/** The AWS error code a kit error carries (`details.awsErrorCode`), when it came from AWS. */
export function awsErrorCodeOf(error: unknown): string | undefined {
  if (!OpenMdrError.isInstance(error)) return undefined;
  const code = error.details?.['awsErrorCode'];
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether `error` is IAM's `NoSuchEntity` (the SDK models it as `NoSuchEntityException`, the
 * name the kit keeps).
 */
export function isNoSuchEntity(error: unknown): boolean {
  const code = awsErrorCodeOf(error);
  return code === 'NoSuchEntity' || code === 'NoSuchEntityException';
}

/** Whether `error` is one of AWS's "no such resource" answers (IAM `NoSuchEntity`, EC2 `*.NotFound`). */
export function isAwsNotFound(error: unknown): boolean {
  return isNoSuchEntity(error) || (awsErrorCodeOf(error)?.endsWith('.NotFound') ?? false);
}

/**
 * An access key id as messages show it: its last four characters, the way the IAM console
 * lists keys (ids are not secrets, but they are credential material and stay out of logs).
 */
export function maskedKeyId(accessKeyId: string): string {
  return `…${accessKeyId.slice(-4)}`;
}
