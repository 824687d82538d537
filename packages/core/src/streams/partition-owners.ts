import { partitionOf } from './entry-ids.js';

/**
 * The member of a group that should own a tenant's partition: partitions are dealt round-robin
 * over the sorted live members, starting at an offset hashed from the tenant, so each member gets
 * about `ceil(partitions / members)` of every tenant, and tenants with one partition spread over
 * the members too. Every member computes the same answer from the same member list; leases make
 * the hand-over safe while members disagree.
 * @internal
 */
export function desiredOwner(
  tenant: string,
  partition: number,
  members: readonly string[],
): string | undefined {
  if (members.length === 0) return undefined;
  return members[(partition + partitionOf(tenant, members.length)) % members.length];
}
