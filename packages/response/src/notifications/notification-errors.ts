import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * A notifier or router configuration is invalid. Code `NOTIFY_CONFIG_INVALID`; `issues` name
 * each config key and problem, never a value (webhook URLs and keys are secrets).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#notify_config_invalid | NOTIFY_CONFIG_INVALID} in the error reference
 */
export class NotificationConfigError extends OpenMdrError {
  /** Marks notification config errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.NotificationConfigError',
  );
  declare readonly code: 'NOTIFY_CONFIG_INVALID';
  /** Each invalid key: `path` (`slack.webhookUrl`) and the problem. */
  readonly issues: readonly { path: string; message: string }[];

  constructor(source: string, issues: readonly { path: string; message: string }[]) {
    super(
      'NOTIFY_CONFIG_INVALID',
      `invalid ${source} config: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      { details: { source, issues: issues.map((issue) => ({ ...issue })) } },
    );
    this.name = 'NotificationConfigError';
    this.issues = issues;
  }
}

/**
 * A notification could not be delivered (after the kit's retries): the destination refused it
 * (4xx), kept failing (5xx, timeouts) or the SMTP server rejected it. Code
 * `NOTIFY_DELIVERY_FAILED`; `notifier` names the destination, `status` the last answer.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#notify_delivery_failed | NOTIFY_DELIVERY_FAILED} in the error reference
 */
export class NotificationDeliveryError extends OpenMdrError {
  /** Marks notification delivery errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.NotificationDeliveryError',
  );
  declare readonly code: 'NOTIFY_DELIVERY_FAILED';
  /** The notifier id. */
  readonly notifier: string;
  /** The last HTTP status or SMTP code, when there was an answer. */
  readonly status: number | undefined;

  constructor(
    notifier: string,
    message: string,
    options: OpenMdrErrorOptions & { status?: number } = {},
  ) {
    super('NOTIFY_DELIVERY_FAILED', `${notifier}: ${message}`, {
      ...options,
      details: { ...options.details, notifier, status: options.status ?? null },
    });
    this.name = 'NotificationDeliveryError';
    this.notifier = notifier;
    this.status = options.status;
  }
}
