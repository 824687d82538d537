import { ConnectorStateError } from '../errors/connector-errors.js';

/** A versioned stream state: JSON-serialisable, never holding a credential. */
export interface VersionedState {
  /** The state's schema version (the stream's `stateVersion`). */
  version: number;
  [key: string]: unknown;
}

/** Upgrades a state of version N to version N + 1. */
export type StateMigration = (state: VersionedState) => VersionedState;

/**
 * Brings a stored state to `currentVersion` by applying `migrations[v]` for each older version
 * `v`. `undefined` stays `undefined` (a first run). A state newer than the code, a missing
 * migration, or a state without a numeric version throws a {@link ConnectorStateError}.
 */
export function migrateState(
  state: unknown,
  currentVersion: number,
  migrations: Readonly<Record<number, StateMigration>> = {},
): VersionedState | undefined {
  if (state === undefined || state === null) return undefined;
  if (typeof state !== 'object' || Array.isArray(state)) {
    throw new ConnectorStateError('stream state must be an object with a numeric version');
  }
  let current = state as VersionedState;
  if (typeof current.version !== 'number' || !Number.isInteger(current.version)) {
    throw new ConnectorStateError('stream state has no integer version', {
      details: { field: 'version' },
    });
  }
  if (current.version > currentVersion) {
    throw new ConnectorStateError(
      `stream state version ${current.version} is newer than this connector's ${currentVersion}`,
      { details: { stateVersion: current.version, currentVersion } },
    );
  }
  while (current.version < currentVersion) {
    const migrate = migrations[current.version];
    if (!migrate) {
      throw new ConnectorStateError(`no migration from stream state version ${current.version}`, {
        details: { stateVersion: current.version, currentVersion },
      });
    }
    const next = migrate(current);
    if (next.version !== current.version + 1) {
      throw new ConnectorStateError(
        `migration from state version ${current.version} produced version ${next.version}`,
      );
    }
    current = next;
  }
  return current;
}
