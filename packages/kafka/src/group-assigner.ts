import type {
  ClusterMetadata,
  ExtendedGroupProtocolSubscription,
  GroupAssignment,
  GroupPartitionsAssignments,
} from '@platformatic/kafka';

/**
 * The partition assignment of a consumer group whose members may subscribe to different tenants'
 * topics: each topic's partitions go round-robin to the members subscribed to that topic only
 * (Kafka's plain round-robin would hand a partition to a member that does not read its topic,
 * leaving it unconsumed). Members and topics are taken in sorted order and the turn carries on
 * from one topic to the next, so the result is deterministic and spreads partitions evenly.
 * Topics missing from the metadata are skipped.
 *
 * It runs on the group's leader during a rebalance; its signature is @platformatic/kafka's
 * `GroupPartitionsAssigner`.
 */
export function subscribedRoundRobinAssigner(
  _current: string,
  members: Map<string, ExtendedGroupProtocolSubscription>,
  _topics: Set<string>,
  metadata: Pick<ClusterMetadata, 'topics'>,
): GroupPartitionsAssignments[] {
  const memberIds = [...members.keys()].sort();
  const assignments = new Map<string, Map<string, GroupAssignment>>();
  for (const memberId of memberIds) assignments.set(memberId, new Map());
  const subscribers = new Map<string, string[]>();
  for (const memberId of memberIds) {
    for (const topic of members.get(memberId)?.topics ?? []) {
      const list = subscribers.get(topic) ?? [];
      if (!list.includes(memberId)) list.push(memberId);
      subscribers.set(topic, list);
    }
  }
  let turn = 0;
  for (const topic of [...subscribers.keys()].sort()) {
    const partitionsCount = metadata.topics.get(topic)?.partitionsCount ?? 0;
    const eligible = subscribers.get(topic) as string[];
    for (let partition = 0; partition < partitionsCount; partition += 1) {
      const memberId = eligible[turn % eligible.length] as string;
      turn += 1;
      const byTopic = assignments.get(memberId) as Map<string, GroupAssignment>;
      const assignment = byTopic.get(topic) ?? { topic, partitions: [] };
      assignment.partitions.push(partition);
      byTopic.set(topic, assignment);
    }
  }
  return memberIds.map((memberId) => ({
    memberId,
    assignments: assignments.get(memberId) as Map<string, GroupAssignment>,
  }));
}
