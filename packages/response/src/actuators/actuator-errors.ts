import { OpenMdrError, type OpenMdrErrorOptions } from '@openmdr/core';

/**
 * No registered actuator can carry a command (code `RESPONSE_NO_ACTUATOR`): none supports its
 * action kind, none accepts its target, or the named connector is not registered.
 */
export class ActuatorNotFoundError extends OpenMdrError {
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('RESPONSE_NO_ACTUATOR', message, options);
    this.name = 'ActuatorNotFoundError';
  }
}

/** A command cannot be translated to a connector action's input (code `RESPONSE_ACTUATOR_INPUT`). */
export class ActuatorInputError extends OpenMdrError {
  constructor(message: string, options: OpenMdrErrorOptions = {}) {
    super('RESPONSE_ACTUATOR_INPUT', message, options);
    this.name = 'ActuatorInputError';
  }
}
