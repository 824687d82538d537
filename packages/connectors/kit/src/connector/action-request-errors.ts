import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';
import type { ActionKindV1 } from '../contract/v1/action-kind-v1.js';

/**
 * A vendor-neutral action request lacks a target field the connector's input builder needs
 * (code `CONNECTOR_ACTION_REQUEST`, not retryable). `field` is its dotted path in the request
 * (`target.device.uid`); a consumer answers it as a bad request.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_action_request | CONNECTOR_ACTION_REQUEST} in the error reference
 */
export class ActionRequestError extends OpenMdrError {
  /** Marks action request errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ActionRequestError',
  );
  declare readonly code: 'CONNECTOR_ACTION_REQUEST';
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
}

/**
 * No action of a connector implements the requested action kind (code
 * `CONNECTOR_ACTION_KIND`, not retryable). A consumer answers it as "not implemented".
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#connector_action_kind | CONNECTOR_ACTION_KIND} in the error reference
 */
export class ActionKindNotImplementedError extends OpenMdrError {
  /** Marks action-kind errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.connector-kit.ActionKindNotImplementedError',
  );
  declare readonly code: 'CONNECTOR_ACTION_KIND';
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
}
