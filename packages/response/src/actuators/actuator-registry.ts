import { targetTypeOf } from '../actions/classify.js';
import type { Command } from '../actions/command.js';
import type { ActionKind } from '../actions/vocabulary.js';
import type { Actuator } from './actuator.js';
import { ActuatorNotFoundError } from './actuator-errors.js';

/**
 * The actuators of a tenant. `resolve` picks the one for a command: the connector named in
 * `actuator['x-openmdr'].connector` when present, else the first registered actuator (registration
 * order is preference) that supports the action kind and accepts the target (for example a
 * 32-hex device id is a CrowdStrike aid, a 40-hex one a Defender machine id).
 */
export class ActuatorRegistry {
  readonly #actuators = new Map<string, Actuator>();

  /** Creates a registry holding `actuators`. */
  constructor(actuators: readonly Actuator[] = []) {
    for (const actuator of actuators) this.register(actuator);
  }

  /** Adds an actuator; its id must be new. */
  register(actuator: Actuator): this {
    if (this.#actuators.has(actuator.id)) {
      throw new ActuatorNotFoundError(`actuator ${actuator.id} is already registered`, {
        details: { actuator: actuator.id },
      });
    }
    this.#actuators.set(actuator.id, actuator);
    return this;
  }

  /** The actuator with this id. */
  get(id: string): Actuator | undefined {
    return this.#actuators.get(id);
  }

  /** Every actuator, in registration order. */
  list(): Actuator[] {
    return [...this.#actuators.values()];
  }

  /** The action kinds at least one actuator advertises, by actuator id. */
  capabilities(): Record<string, readonly ActionKind[]> {
    return Object.fromEntries(this.list().map((actuator) => [actuator.id, actuator.kinds]));
  }

  /**
   * The actuator for `command` of kind `kind`.
   * @throws ActuatorNotFoundError (`RESPONSE_NO_ACTUATOR`) saying why none fits.
   */
  resolve(command: Command, kind: ActionKind): Actuator {
    const named = command.actuator?.['x-openmdr']?.connector;
    if (named !== undefined) {
      const actuator = this.#actuators.get(named);
      if (actuator === undefined) {
        throw new ActuatorNotFoundError(`no actuator ${named} is registered`, {
          details: { actuator: named, requestId: command.request_id },
        });
      }
      if (!actuator.kinds.includes(kind)) {
        throw new ActuatorNotFoundError(`actuator ${named} does not support ${kind}`, {
          details: { actuator: named, kind, requestId: command.request_id },
        });
      }
      return actuator;
    }
    const supporting = this.list().filter((actuator) => actuator.kinds.includes(kind));
    const accepting = supporting.find((actuator) => actuator.accepts(command, kind));
    if (accepting !== undefined) return accepting;
    throw new ActuatorNotFoundError(
      supporting.length === 0
        ? `no actuator supports ${kind}`
        : `no actuator accepts the ${targetTypeOf(command.target)} target of ${command.request_id} (supporting: ${supporting.map((actuator) => actuator.id).join(', ')})`,
      { details: { kind, requestId: command.request_id } },
    );
  }
}
