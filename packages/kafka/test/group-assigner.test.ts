import type { ExtendedGroupProtocolSubscription } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { subscribedRoundRobinAssigner } from '../src/group-assigner.js';

const member = (
  memberId: string,
  topics: string[],
): [string, ExtendedGroupProtocolSubscription] => [memberId, { memberId, version: 1, topics }];
const metadata = (counts: Record<string, number>) => ({
  topics: new Map(
    Object.entries(counts).map(([topic, partitionsCount]) => [
      topic,
      { id: topic, partitions: [], partitionsCount, lastUpdate: 0 },
    ]),
  ),
});
const flatten = (result: ReturnType<typeof subscribedRoundRobinAssigner>) =>
  Object.fromEntries(
    result.map(({ memberId, assignments }) => [
      memberId,
      [...assignments.values()].flatMap(({ topic, partitions }) =>
        partitions.map((p) => `${topic}/${p}`),
      ),
    ]),
  );

describe('the subscribed round-robin assigner', () => {
  it('assigns every partition once, only to members subscribed to its topic', () => {
    const members = new Map([
      member('m-a', ['t.acme', 't.beta']),
      member('m-b', ['t.acme']),
      member('m-c', ['t.beta', 't.gamma']),
    ]);
    const result = flatten(
      subscribedRoundRobinAssigner(
        'm-a',
        members,
        new Set(['t.acme']),
        metadata({ 't.acme': 4, 't.beta': 4, 't.gamma': 2 }),
      ),
    );
    const all = Object.values(result).flat().sort();
    expect(all).toHaveLength(10);
    expect(new Set(all).size).toBe(10);
    expect(result['m-b']?.every((tp) => tp.startsWith('t.acme/'))).toBe(true);
    expect(result['m-a']?.some((tp) => tp.startsWith('t.gamma/'))).toBe(false);
    expect(result['m-c']?.some((tp) => tp.startsWith('t.acme/'))).toBe(false);
  });

  it('spreads the partitions of members with equal subscriptions evenly and deterministically', () => {
    const members = new Map([
      member('w3', ['t1', 't2']),
      member('w1', ['t1', 't2']),
      member('w2', ['t1', 't2']),
    ]);
    const first = flatten(
      subscribedRoundRobinAssigner('w1', members, new Set(), metadata({ t1: 8, t2: 4 })),
    );
    expect(Object.values(first).map((list) => list.length)).toEqual([4, 4, 4]);
    expect(first['w1']).toEqual(['t1/0', 't1/3', 't1/6', 't2/1']);
    const again = flatten(
      subscribedRoundRobinAssigner('w2', members, new Set(), metadata({ t1: 8, t2: 4 })),
    );
    expect(again).toEqual(first);
  });

  it('skips topics missing from the metadata and gives an idle member nothing', () => {
    const members = new Map([
      member('a', ['t1', 'gone']),
      member('b', ['t1']),
      member('c', ['t1']),
    ]);
    const result = flatten(
      subscribedRoundRobinAssigner('a', members, new Set(), metadata({ t1: 2 })),
    );
    expect(result).toEqual({ a: ['t1/0'], b: ['t1/1'], c: [] });
  });
});
