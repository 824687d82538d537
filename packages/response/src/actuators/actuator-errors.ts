import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * No registered actuator can carry a command (code `RESPONSE_NO_ACTUATOR`): none supports its
 * action kind, none accepts its target, or the named connector is not registered.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#response_no_actuator | RESPONSE_NO_ACTUATOR} in the error reference
 */
export class ActuatorNotFoundError extends OpenMdrError {
  /** Marks no-actuator errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.ActuatorNotFoundError',
  );
  declare readonly code: 'RESPONSE_NO_ACTUATOR';
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('RESPONSE_NO_ACTUATOR', message, options);
    this.name = 'ActuatorNotFoundError';
  }
}

/**
 * A command cannot be translated to a connector action's input (code `RESPONSE_ACTUATOR_INPUT`).
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#response_actuator_input | RESPONSE_ACTUATOR_INPUT} in the error reference
 */
export class ActuatorInputError extends OpenMdrError {
  /** Marks actuator input errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.ActuatorInputError');
  declare readonly code: 'RESPONSE_ACTUATOR_INPUT';
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('RESPONSE_ACTUATOR_INPUT', message, options);
    this.name = 'ActuatorInputError';
  }
}
