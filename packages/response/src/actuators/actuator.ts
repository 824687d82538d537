import type { Command, CommandResponse } from '../actions/command.js';
import type { ActionKind } from '../actions/vocabulary.js';

/** Options of {@link Actuator.execute}. */
export interface ExecuteOptions {
  /** Cancels polling. */
  signal?: AbortSignal;
}

/**
 * Something that carries out commands: usually a connector behind {@link createConnectorActuator}.
 * `start` acts once and may return 102 Processing with a handle in
 * `results['x-openmdr'].handle`; `poll` follows that handle; `execute` does both until a final
 * status. Failures come back as responses with an OpenC2 status, never as exceptions.
 */
export interface Actuator {
  /** A stable id, usually the connector id (`crowdstrike`). */
  readonly id: string;
  /** The action kinds it advertises (always including `query_features`). */
  readonly kinds: readonly ActionKind[];
  /** Whether it can carry this command (kind supported and target usable). */
  accepts(command: Command, kind: ActionKind): boolean;
  /** Starts the command. */
  start(command: Command, kind: ActionKind): Promise<CommandResponse>;
  /** Polls a command that `start` left at 102 with a handle. */
  poll(command: Command, kind: ActionKind, handle: string): Promise<CommandResponse>;
  /** Starts and polls to a final status. */
  execute(command: Command, kind: ActionKind, options?: ExecuteOptions): Promise<CommandResponse>;
}
