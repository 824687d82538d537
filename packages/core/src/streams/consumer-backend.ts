import type { JsonValue } from '../storage/types.js';
import type { StreamEntry } from './types.js';

/** The outcome of taking over the idle pending entries of a partition. */
export interface ClaimOutcome {
  /** Entries moved from other consumers to this one. */
  readonly claimed: number;
  /** Entries still pending on other consumers (not idle long enough yet). */
  readonly othersPending: number;
}

/**
 * What an engine provides to {@link runPartitionedSubscription}: group membership, partition
 * leases, reads of new and pending entries, claims and acknowledgements. Internal: the memory and
 * Redis engines implement it so that both share one scheduler, and so one set of semantics.
 * @internal
 */
export interface ConsumerBackend {
  /** Creates the group on a tenant's partitions when absent (it starts at the first entry). */
  ensureGroup(tenant: string, group: string): Promise<void>;
  /** Marks `consumer` live for `ttlMs` and returns the live members of the group, sorted. */
  heartbeat(group: string, consumer: string, ttlMs: number): Promise<string[]>;
  /** Removes `consumer` from the live members. */
  leave(group: string, consumer: string): Promise<void>;
  /** Takes the partition's lease when free (or extends it when already ours). */
  acquire(
    tenant: string,
    partition: number,
    group: string,
    consumer: string,
    leaseMs: number,
  ): Promise<boolean>;
  /** Extends the lease when it is still ours; false when it was lost. */
  renew(
    tenant: string,
    partition: number,
    group: string,
    consumer: string,
    leaseMs: number,
  ): Promise<boolean>;
  /** Gives the lease up when it is ours. */
  release(tenant: string, partition: number, group: string, consumer: string): Promise<void>;
  /** Moves to `consumer` the entries pending on other consumers for at least `minIdleMs`. */
  claim(
    tenant: string,
    partition: number,
    group: string,
    consumer: string,
    minIdleMs: number,
  ): Promise<ClaimOutcome>;
  /**
   * Reads up to `count` entries: the consumer's own pending ones (`history`), or ones never
   * delivered to the group, which become pending on the consumer. Fenced by the lease: `null`,
   * reading nothing, when the consumer does not hold the partition's lease (checked atomically
   * with the read), so a consumer whose lease lapsed never takes entries a new owner should.
   */
  read(
    tenant: string,
    partition: number,
    group: string,
    consumer: string,
    count: number,
    history: boolean,
  ): Promise<StreamEntry<JsonValue>[] | null>;
  /** Acknowledges entries (removes them from the group's pending entries). */
  ack(tenant: string, partition: number, group: string, ids: readonly string[]): Promise<void>;
  /** Waits up to `ms` for new entries (resolves early when some may have arrived or on abort). */
  idle(ms: number, signal: AbortSignal): Promise<void>;
}
