import { type JsonValue, OpenMdrError, type TenantStore } from '@openmdr/core';
import { PlaybookRunError } from './errors.js';
import type { RunState } from './run-state.js';

/** Keeps run states. One writer per run: a second writer gets a `PLAYBOOK_RUN` error. */
export interface RunStore {
  load(runId: string): Promise<RunState | undefined>;
  /** Saves the state (compare-and-set against the version last loaded or saved). */
  save(state: RunState): Promise<void>;
  /** Appends an event to the run's timeline. */
  record(runId: string, event: Record<string, JsonValue>): Promise<void>;
}

/**
 * A {@link RunStore} on a core tenant store: the state under `playbook-run:<runId>` with
 * compare-and-set, the timeline in the log stream `playbook-run:<runId>`.
 */
export function createRunStore(store: TenantStore): RunStore {
  const versions = new Map<string, number>();
  const key = (runId: string): string => `playbook-run:${runId}`;
  return {
    async load(runId) {
      const found = await store.state.get(key(runId));
      if (found === undefined) {
        versions.delete(runId);
        return undefined;
      }
      versions.set(runId, found.version);
      return found.value as unknown as RunState;
    },
    async save(state) {
      try {
        const version = await store.state.compareAndSet(
          key(state.runId),
          versions.get(state.runId) ?? null,
          state as unknown as JsonValue,
        );
        versions.set(state.runId, version);
      } catch (cause) {
        if (OpenMdrError.isInstance(cause) && cause.code === 'STORAGE_CAS_CONFLICT') {
          throw new PlaybookRunError(`run ${state.runId} was changed by another worker`, {
            cause,
            details: { runId: state.runId },
          });
        }
        throw cause;
      }
    },
    async record(runId, event) {
      await store.log.append(key(runId), [event]);
    },
  };
}
