import { registerSecret } from '@openmdr/core';
import * as z from 'zod';
import { NotificationConfigError } from './notification-errors.js';

/** Parses a notifier config with `schema`; throws {@link NotificationConfigError} naming keys. */
export function parseNotifierConfig<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  source: string,
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new NotificationConfigError(
      source,
      parsed.error.issues.map((issue) => ({
        path: [source, ...issue.path.map(String)].join('.'),
        // zod messages may quote the received value: keep only the expectation.
        message: issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message,
      })),
    );
  }
  return parsed.data;
}

/** An http(s) URL holding a credential (webhook URLs): registered for redaction. */
export const secretUrl = z.url({ protocol: /^https?$/ }).transform((value) => {
  registerSecret(value);
  const { pathname, search } = new URL(value);
  if (pathname.length > 1) registerSecret(pathname);
  if (search.length > 1) registerSecret(search.slice(1));
  return value;
});

/** A secret string (keys, passwords): registered for redaction. */
export const secretString = z
  .string()
  .min(1)
  .transform((value) => {
    registerSecret(value);
    return value;
  });

/** A notifier id. */
export const notifierId = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, . _ -');
