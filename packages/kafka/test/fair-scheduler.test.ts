import { describe, expect, it } from 'vitest';
import { FairScheduler } from '../src/fair-scheduler.js';

const ready = (entries: Record<string, Record<number, number>>) =>
  new Map(
    Object.entries(entries).map(([tenant, partitions]) => [
      tenant,
      new Map(Object.entries(partitions).map(([partition, count]) => [Number(partition), count])),
    ]),
  );

describe('the fair scheduler', () => {
  it('gives a quiet tenant its batch in the same round as a noisy one', () => {
    const scheduler = new FairScheduler(1);
    const plan = scheduler.planRound(ready({ noisy: { 0: 100, 1: 100, 2: 100 }, quiet: { 3: 1 } }));
    expect(plan).toEqual([
      { tenant: 'noisy', partition: 0 },
      { tenant: 'quiet', partition: 3 },
    ]);
  });

  it('interleaves tenants pass by pass up to batchesPerTenantRound each', () => {
    const scheduler = new FairScheduler(2);
    const plan = scheduler.planRound(ready({ a: { 0: 5, 1: 5 }, b: { 0: 1 }, c: { 2: 9 } }));
    expect(plan).toEqual([
      { tenant: 'a', partition: 0 },
      { tenant: 'b', partition: 0 },
      { tenant: 'c', partition: 2 },
      { tenant: 'a', partition: 1 },
      { tenant: 'c', partition: 2 },
    ]);
  });

  it('rotates the first tenant and each tenant’s partitions from round to round', () => {
    const scheduler = new FairScheduler(1);
    const backlog = ready({ a: { 0: 9, 1: 9 }, b: { 4: 9, 5: 9 } });
    const rounds = [1, 2, 3, 4].map(() => scheduler.planRound(backlog));
    expect(rounds).toEqual([
      [
        { tenant: 'a', partition: 0 },
        { tenant: 'b', partition: 4 },
      ],
      [
        { tenant: 'b', partition: 5 },
        { tenant: 'a', partition: 1 },
      ],
      [
        { tenant: 'a', partition: 0 },
        { tenant: 'b', partition: 4 },
      ],
      [
        { tenant: 'b', partition: 5 },
        { tenant: 'a', partition: 1 },
      ],
    ]);
  });

  it('serves every tenant of a backlog within one round whatever the noisy tenant holds', () => {
    const scheduler = new FairScheduler(3);
    const tenants: Record<string, Record<number, number>> = { noisy: { 0: 10_000 } };
    for (let index = 0; index < 20; index += 1) tenants[`t${index}`] = { 0: 1 };
    const plan = scheduler.planRound(ready(tenants));
    expect(new Set(plan.map((batch) => batch.tenant)).size).toBe(21);
    expect(plan.filter((batch) => batch.tenant === 'noisy')).toHaveLength(3);
    expect(plan).toHaveLength(23);
  });

  it('plans nothing when nothing is ready, and rejects a zero quota', () => {
    expect(new FairScheduler(1).planRound(ready({ a: {}, b: { 0: 0 } }))).toEqual([]);
    expect(() => new FairScheduler(0)).toThrow(RangeError);
  });
});
