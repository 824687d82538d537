import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';
import type { ActionKindV1 } from '../contract/v1/action-kind-v1.js';

/**
 * A vendor-neutral action request lacks a target field the connector's input builder needs
 * (code `CONNECTOR_ACTION_REQUEST`, not retryable). `field` is its dotted path in the request
 * (`target.device.uid`); a consumer answers it as a bad request.
 */
export class ActionRequestError extends OpenMdrError {
  /** The missing field's path (`target.device.uid`), or the alternatives joined by ` or `. */
  readonly field: string;
  constructor(field: string, message: string, options: OpenMdrErrorOptions = {}) {
    super('CONNECTOR_ACTION_REQUEST', message, {
      ...options,
      details: { ...options.details, field },
    });
    this.name = 'ActionRequestError';
    this.field = field;
  }
  /** True when `error` is an {@link ActionRequestError}. */
  static override isInstance(error: unknown): error is ActionRequestError {
    return OpenMdrError.isInstance(error) && error.code === 'CONNECTOR_ACTION_REQUEST';
  }
}

/**
 * No action of a connector implements the requested action kind (code
 * `CONNECTOR_ACTION_KIND`, not retryable). A consumer answers it as "not implemented".
 */
export class ActionKindNotImplementedError extends OpenMdrError {
  /** The connector's id. */
  readonly connector: string;
  /** The kind asked for. */
  readonly kind: ActionKindV1;
  constructor(connector: string, kind: ActionKindV1, options: OpenMdrErrorOptions = {}) {
    super('CONNECTOR_ACTION_KIND', `${connector} has no action implementing ${kind}`, {
      ...options,
      details: { ...options.details, connector, kind },
    });
    this.name = 'ActionKindNotImplementedError';
    this.connector = connector;
    this.kind = kind;
  }
  /** True when `error` is an {@link ActionKindNotImplementedError}. */
  static override isInstance(error: unknown): error is ActionKindNotImplementedError {
    return OpenMdrError.isInstance(error) && error.code === 'CONNECTOR_ACTION_KIND';
  }
}
