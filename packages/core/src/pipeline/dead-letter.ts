import { TenantIsolationError } from '../errors/runtime-errors.js';
import type { TenantId } from '../runtime/tenant.js';
import type { JsonValue, TenantStore } from '../storage/types.js';
import type { RejectionReason } from './rejection.js';

/** A record that could not be processed, with why and where. */
export interface DeadLetter {
  /** The record as the failing stage saw it (withheld when it belongs to another tenant). */
  record: unknown;
  /** The envelope id, when there was one. */
  id?: string;
  /** Why it was rejected. The message is redacted. */
  reason: RejectionReason;
  /** Which stage rejected it: `source`, `transform:<name>` or `sink:<name>`. */
  stage: string;
  /** The tenant of the pipeline that rejected it. */
  tenant: TenantId;
  /** When (epoch milliseconds, from the pipeline's clock). */
  at: number;
}

/**
 * Receives dead letters. A write that throws is retried like a sink's; the checkpoint does not
 * pass a batch until its dead letters are stored too, so nothing is lost.
 */
export interface DeadLetterSink {
  /** Stores the letters. */
  write(letters: readonly DeadLetter[]): Promise<void>;
}

/** A dead-letter sink that keeps letters in memory, for tests and short jobs. */
export interface MemoryDeadLetterSink extends DeadLetterSink {
  /** Every letter received, in order. */
  readonly letters: DeadLetter[];
}

/** Creates a {@link MemoryDeadLetterSink}. */
export function memoryDeadLetterSink(): MemoryDeadLetterSink {
  const letters: DeadLetter[] = [];
  return {
    letters,
    async write(batch) {
      letters.push(...batch);
    },
  };
}

/**
 * A dead-letter sink that appends letters to a stream of a tenant's append-only log (default
 * stream `dead-letters`). Records are stored as JSON; values JSON cannot hold become `null`.
 * @throws TenantIsolationError when a letter belongs to another tenant than `store`.
 */
export function logDeadLetterSink(store: TenantStore, stream = 'dead-letters'): DeadLetterSink {
  return {
    async write(letters) {
      for (const letter of letters) {
        if (letter.tenant !== store.tenant) {
          throw new TenantIsolationError(
            `a dead letter of tenant ${letter.tenant} cannot go to the log of tenant ${store.tenant}`,
          );
        }
      }
      await store.log.append(
        stream,
        letters.map((letter) => JSON.parse(JSON.stringify(letter) ?? 'null') as JsonValue),
      );
    },
  };
}
