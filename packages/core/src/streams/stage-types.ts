import type { TenantId } from '../runtime/tenant.js';
import type { JsonValue, KeyedLogEntry } from '../storage/types.js';
import type { StreamEntry } from './types.js';

/** Where a {@link StreamStage} step runs: which tenant's partition. */
export interface StageContext {
  /** The tenant. */
  readonly tenant: TenantId;
  /** The partition whose state the step reads and writes. */
  readonly partition: number;
}

/** What one step of a {@link StreamStage} produced. */
export interface StageStep<S> {
  /** The partition's new state. */
  readonly state: S;
  /**
   * The effects to write exactly once, each keyed by a deterministic id (a finding's uid), so a
   * redelivered entry produces none twice.
   */
  readonly outputs: readonly KeyedLogEntry[];
}

/**
 * A stateful stage of the distributed pipeline (detection, say) as a pure reducer over one
 * partition's entries: `runStreamStage` loads the partition's state from the shared store, calls
 * {@link StreamStage.step}, writes the outputs once, saves the state with compare-and-set, and
 * only then acknowledges the entries. The state moves with the partition when another worker
 * takes it over.
 */
export interface StreamStage<S = unknown, T extends JsonValue = JsonValue> {
  /** The stage's name: part of its state keys and the default output stream. */
  readonly name: string;
  /** The state of a partition that has none yet. */
  initialState(): S;
  /** Reads back a state that {@link StreamStage.step} returned, after a JSON round trip. */
  restore(stored: JsonValue): S;
  /** Applies entries (in order, never seen before by this partition's state) to the state. */
  step(state: S, entries: readonly StreamEntry<T>[], context: StageContext): StageStep<S>;
}
