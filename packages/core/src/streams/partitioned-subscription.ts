import { type TenantId, tenantId } from '../runtime/tenant.js';
import type { JsonValue } from '../storage/types.js';
import type { ConsumerBackend } from './consumer-backend.js';
import { desiredOwner } from './partition-owners.js';
import { checkName, checkPositiveInteger } from './stream-options.js';
import type {
  StreamBatch,
  StreamEntry,
  StreamPartitionChange,
  StreamSubscribeOptions,
  StreamSubscription,
} from './types.js';

/** Engine settings of {@link runPartitionedSubscription}. @internal */
export interface PartitionedSubscriptionSettings {
  /** Partitions of every tenant's stream. */
  readonly partitions: number;
  /** Lease (and membership) time to live; renewed every third of it. */
  readonly leaseMs: number;
  /** Called once the subscription has stopped and released everything. */
  readonly onStopped?: () => void;
}

interface OwnedPartition {
  readonly tenant: TenantId;
  readonly partition: number;
  /** Read this consumer's own pending entries before new ones. */
  history: boolean;
  /** No entries of the partition are pending on another consumer any more. */
  settled: boolean;
  /** After a rejected batch: not read again before this time (local clock). */
  retryAt: number;
}

const keyOf = (tenant: string, partition: number): string => `${tenant}\u0000${partition}`;

/**
 * The scheduler shared by the memory and Redis engines: group membership by heartbeat, partition
 * ownership by leases (each live member takes about `ceil(partitions / members)` of every
 * tenant), take-over of a departed owner's idle pending entries, and tenant fairness: every round
 * visits the tenants in rotation and takes at most `batchesPerTenantRound` batches of each, so a
 * tenant with a backlog cannot starve the others.
 *
 * Order within a partition is kept: a consumer that takes a partition over reads nothing new
 * until no entry of it is pending on another consumer (they are claimed once idle for
 * `claimIdleMs`), and it reads its own pending entries (redeliveries) before new ones.
 * @internal
 */
export function runPartitionedSubscription<T extends JsonValue>(
  backend: ConsumerBackend,
  options: StreamSubscribeOptions<T>,
  settings: PartitionedSubscriptionSettings,
): StreamSubscription {
  checkName('group', options.group);
  checkName('consumer', options.consumer);
  checkPositiveInteger('batchSize', options.batchSize);
  checkPositiveInteger('batchesPerTenantRound', options.batchesPerTenantRound);
  checkPositiveInteger('blockMs', options.blockMs);
  checkPositiveInteger('claimIdleMs', options.claimIdleMs);
  checkPositiveInteger('retryDelayMs', options.retryDelayMs);
  const { group, consumer } = options;
  const batchSize = options.batchSize ?? 500;
  const perRound = options.batchesPerTenantRound ?? 1;
  const blockMs = options.blockMs ?? 1_000;
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const retryDelayMs = options.retryDelayMs ?? 100;
  const { leaseMs, partitions } = settings;
  const heartbeatMs = Math.max(1, Math.floor(leaseMs / 3));

  const owned = new Map<string, OwnedPartition>();
  const groupsReady = new Set<string>();
  const cursors = new Map<string, number>();
  const stopper = new AbortController();
  let members: string[] = [];
  let rebalanceDue = true;
  /** The tenants of the last round: a change rebalances at once. */
  let lastListed = '';
  let round = 0;
  let tick: Promise<void> = Promise.resolve();
  let ticking = false;

  const report = (change: StreamPartitionChange): void => {
    try {
      options.onPartitionChange?.(change);
    } catch {
      // A reporting callback never breaks the subscription.
    }
  };
  const engineError = (error: unknown): void => {
    try {
      options.onEngineError?.(error);
    } catch {
      // As above.
    }
  };
  const drop = (part: OwnedPartition): void => {
    if (owned.delete(keyOf(part.tenant, part.partition))) {
      report({ tenant: part.tenant, partition: part.partition, change: 'released' });
    }
  };

  /** Membership heartbeat and lease renewal, on a timer so that a long batch keeps its leases. */
  const heartbeat = async (): Promise<void> => {
    members = await backend.heartbeat(group, consumer, leaseMs);
    for (const part of [...owned.values()]) {
      if (stopper.signal.aborted) return;
      const kept = await backend.renew(part.tenant, part.partition, group, consumer, leaseMs);
      if (kept) {
        // Look again for entries pending elsewhere (left by a consumer that lost its lease
        // mid-batch): they are claimed once idle and handled before anything new.
        part.settled = false;
      } else {
        drop(part);
      }
    }
    rebalanceDue = true;
  };
  const timer = setInterval(() => {
    if (ticking || stopper.signal.aborted) return;
    ticking = true;
    tick = heartbeat()
      .catch(engineError)
      .finally(() => {
        ticking = false;
      });
  }, heartbeatMs);
  timer.unref?.();

  const rejected = new Set<string>();
  /** The listed tenants; an invalid id is reported once and skipped, not fatal to the others. */
  const resolveTenants = async (): Promise<TenantId[]> => {
    const listed =
      typeof options.tenants === 'function' ? await options.tenants() : options.tenants;
    const valid: TenantId[] = [];
    for (const tenant of new Set(listed)) {
      try {
        valid.push(tenantId(tenant));
      } catch (error) {
        if (!rejected.has(tenant)) engineError(error);
        rejected.add(tenant);
      }
    }
    return valid;
  };

  const rebalance = async (tenants: readonly TenantId[]): Promise<void> => {
    const live = members.includes(consumer) ? members : [...members, consumer].sort();
    const listed = new Set<string>(tenants);
    for (const part of [...owned.values()]) {
      if (!listed.has(part.tenant)) {
        await backend.release(part.tenant, part.partition, group, consumer);
        drop(part);
      }
    }
    for (const tenant of tenants) {
      for (let partition = 0; partition < partitions; partition += 1) {
        if (stopper.signal.aborted) return;
        const desired = desiredOwner(tenant, partition, live) === consumer;
        const part = owned.get(keyOf(tenant, partition));
        if (part && !desired) {
          await backend.release(tenant, partition, group, consumer);
          drop(part);
        } else if (!part && desired) {
          if (await backend.acquire(tenant, partition, group, consumer, leaseMs)) {
            owned.set(keyOf(tenant, partition), {
              tenant,
              partition,
              history: true,
              settled: false,
              retryAt: 0,
            });
            report({ tenant, partition, change: 'assigned' });
          }
        }
      }
    }
  };

  /** Processes at most one batch of a partition; true when it took one. */
  const visit = async (part: OwnedPartition): Promise<boolean> => {
    const { tenant, partition } = part;
    if (part.retryAt > Date.now()) return false;
    if (!part.settled) {
      const outcome = await backend.claim(tenant, partition, group, consumer, claimIdleMs);
      if (outcome.claimed > 0) {
        part.history = true;
        report({ tenant, partition, change: 'claimed', count: outcome.claimed });
      }
      if (outcome.othersPending > 0) return false;
      part.settled = true;
    }
    let entries: StreamEntry<JsonValue>[] | null = [];
    if (part.history) {
      entries = await backend.read(tenant, partition, group, consumer, batchSize, true);
      if (entries?.length === 0) part.history = false;
    }
    if (!part.history) {
      entries = await backend.read(tenant, partition, group, consumer, batchSize, false);
    }
    if (entries === null) {
      // The lease lapsed (a pause longer than leaseMs): another consumer may own it now.
      drop(part);
      return false;
    }
    if (entries.length === 0) return false;
    const batch: StreamBatch<T> = {
      tenant,
      partition,
      entries: entries as unknown as StreamEntry<T>[],
    };
    try {
      await options.handler(batch);
    } catch (error) {
      part.history = true;
      part.retryAt = Date.now() + retryDelayMs;
      try {
        options.onError?.(error, batch);
      } catch {
        // As above.
      }
      return true;
    }
    await backend.ack(
      tenant,
      partition,
      group,
      entries.map((entry) => entry.id),
    );
    return true;
  };

  const runRound = async (): Promise<boolean> => {
    const tenants = await resolveTenants();
    for (const tenant of tenants) {
      if (groupsReady.has(tenant)) continue;
      await backend.ensureGroup(tenant, group);
      groupsReady.add(tenant);
    }
    const listed = tenants.join('\u0000');
    if (rebalanceDue || listed !== lastListed) {
      rebalanceDue = false;
      lastListed = listed;
      await rebalance(tenants);
    }
    let progressed = false;
    const start = tenants.length === 0 ? 0 : round % tenants.length;
    round += 1;
    const order = [...tenants.slice(start), ...tenants.slice(0, start)];
    for (const tenant of order) {
      const mine = [...owned.values()]
        .filter((part) => part.tenant === tenant)
        .sort((a, b) => a.partition - b.partition);
      const cursor = cursors.get(tenant) ?? 0;
      cursors.set(tenant, cursor + 1);
      const rotated =
        mine.length === 0
          ? mine
          : [...mine.slice(cursor % mine.length), ...mine.slice(0, cursor % mine.length)];
      let taken = 0;
      let moved = true;
      while (taken < perRound && moved) {
        moved = false;
        for (const part of rotated) {
          if (taken >= perRound || stopper.signal.aborted) break;
          if (owned.get(keyOf(part.tenant, part.partition)) !== part) continue;
          if (await visit(part)) {
            taken += 1;
            moved = true;
            progressed = true;
          }
        }
      }
      if (stopper.signal.aborted) break;
    }
    return progressed;
  };

  const loop = async (): Promise<void> => {
    let idleMs = Math.min(10, blockMs);
    try {
      members = await backend.heartbeat(group, consumer, leaseMs);
    } catch (error) {
      engineError(error);
    }
    while (!stopper.signal.aborted) {
      let progressed = false;
      try {
        progressed = await runRound();
      } catch (error) {
        // Create the groups again next round, in case the streams were removed meanwhile.
        groupsReady.clear();
        engineError(error);
      }
      if (progressed) {
        idleMs = Math.min(10, blockMs);
        // Let timers (heartbeats) and other work of the process run between rounds.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      await backend.idle(idleMs, stopper.signal);
      idleMs = Math.min(blockMs, idleMs * 2);
    }
  };

  const finish = async (): Promise<void> => {
    clearInterval(timer);
    await tick;
    for (const part of [...owned.values()]) {
      try {
        await backend.release(part.tenant, part.partition, group, consumer);
      } catch (error) {
        engineError(error);
      }
      drop(part);
    }
    try {
      await backend.leave(group, consumer);
    } catch (error) {
      engineError(error);
    }
    options.signal?.removeEventListener('abort', stopNow);
    settings.onStopped?.();
  };

  const stopNow = (): void => stopper.abort();
  if (options.signal?.aborted) stopNow();
  options.signal?.addEventListener('abort', stopNow, { once: true });
  const done = loop().then(finish);

  return {
    done,
    assignments() {
      const byTenant = new Map<TenantId, number[]>();
      for (const part of owned.values()) {
        const list = byTenant.get(part.tenant) ?? [];
        list.push(part.partition);
        byTenant.set(part.tenant, list);
      }
      for (const list of byTenant.values()) list.sort((a, b) => a - b);
      return byTenant;
    },
    async stop() {
      stopNow();
      await done;
    },
  };
}
