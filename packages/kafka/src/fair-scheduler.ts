/** One batch to deliver: a tenant's partition. */
export interface ScheduledBatch {
  /** The tenant. */
  readonly tenant: string;
  /** The partition. */
  readonly partition: number;
}

/**
 * Tenant fairness of a subscription: plans each round of deliveries so that every tenant with
 * entries waiting gets up to `batchesPerTenantRound` batches before any tenant gets more, tenants
 * taking turns (the first tenant of a round moves by one each round) and each tenant's partitions
 * taking turns too. A tenant with a backlog therefore delays another tenant by at most one round.
 */
export class FairScheduler {
  readonly #batchesPerTenantRound: number;
  #round = 0;
  readonly #partitionCursor = new Map<string, number>();

  /** @param batchesPerTenantRound the most batches of one tenant in one round (≥ 1). */
  constructor(batchesPerTenantRound: number) {
    if (!Number.isInteger(batchesPerTenantRound) || batchesPerTenantRound < 1) {
      throw new RangeError(
        `batchesPerTenantRound must be a positive integer, got ${batchesPerTenantRound}`,
      );
    }
    this.#batchesPerTenantRound = batchesPerTenantRound;
  }

  /**
   * Plans one round.
   * @param ready for each tenant (in a stable order, the subscription's tenant list), the number
   *   of batches each of its partitions could deliver now (partitions with none may be omitted).
   * @returns the batches to deliver, in order: tenants interleaved, one batch each per pass.
   */
  planRound(ready: ReadonlyMap<string, ReadonlyMap<number, number>>): ScheduledBatch[] {
    const tenants = [...ready.keys()].filter((tenant) => total(ready.get(tenant)) > 0);
    const plan: ScheduledBatch[] = [];
    if (tenants.length === 0) return plan;
    const start = this.#round % tenants.length;
    this.#round += 1;
    const ordered = [...tenants.slice(start), ...tenants.slice(0, start)];
    const remaining = new Map<string, Map<number, number>>();
    for (const tenant of ordered) remaining.set(tenant, new Map(ready.get(tenant)));
    for (let pass = 0; pass < this.#batchesPerTenantRound; pass += 1) {
      let planned = false;
      for (const tenant of ordered) {
        const partition = this.#nextPartition(tenant, remaining.get(tenant) as Map<number, number>);
        if (partition === undefined) continue;
        plan.push({ tenant, partition });
        planned = true;
      }
      if (!planned) break;
    }
    return plan;
  }

  /** The tenant's next partition with a batch left, after the one it served last. */
  #nextPartition(tenant: string, available: Map<number, number>): number | undefined {
    const partitions = [...available.entries()]
      .filter(([, count]) => count > 0)
      .map(([partition]) => partition)
      .sort((a, b) => a - b);
    if (partitions.length === 0) return undefined;
    const last = this.#partitionCursor.get(tenant) ?? -1;
    const partition = partitions.find((candidate) => candidate > last) ?? (partitions[0] as number);
    this.#partitionCursor.set(tenant, partition);
    available.set(partition, (available.get(partition) ?? 0) - 1);
    return partition;
  }
}

function total(counts: ReadonlyMap<number, number> | undefined): number {
  let sum = 0;
  for (const count of counts?.values() ?? []) sum += Math.max(0, count);
  return sum;
}
