import { ManualClock, openMemoryStore } from '@openmdr/core';
import { CaseService } from '@openmdr/response';
import { describe, expect, it } from 'vitest';
import { CaseListCache } from '../src/operations/case-cache.js';

describe('CaseListCache', () => {
  it('answers from memory, then reloads in the background once expired or invalidated', async () => {
    const clock = new ManualClock(0);
    const cases = new CaseService({ store: openMemoryStore({ clock }), clock }).forTenant('acme');
    const cache = new CaseListCache(2_000, clock);
    await cases.create({ title: 'one' });
    expect(await cache.list(cases)).toHaveLength(1);
    await cases.create({ title: 'two' });
    expect(await cache.list(cases)).toHaveLength(1);
    clock.advance(2_000);
    // The expired read answers at once with the old list and starts the reload.
    expect(await cache.list(cases)).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.list(cases)).toHaveLength(2);
    await cases.create({ title: 'three' });
    cache.invalidate('acme');
    expect(await cache.list(cases)).toHaveLength(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.list(cases)).toHaveLength(3);
  });

  it('rereads one changed case into the list at once, before the TTL', async () => {
    const clock = new ManualClock(0);
    const cases = new CaseService({ store: openMemoryStore({ clock }), clock }).forTenant('acme');
    const cache = new CaseListCache(60_000, clock);
    const first = await cases.create({ title: 'one' });
    expect((await cache.list(cases)).map((item) => item.status)).toEqual(['new']);
    await cases.transition(first.id, 'triage', { by: 'kim' });
    const second = await cases.create({ title: 'two' });
    cache.update(cases, first.id);
    cache.update(cases, second.id);
    // No reload (the TTL is a minute away): the two rereads answer the next read.
    expect((await cache.list(cases)).map((item) => [item.title, item.status])).toEqual([
      ['one', 'triage'],
      ['two', 'new'],
    ]);
    // An id the store does not hold marks the list stale: the next read reloads it.
    cache.update(cases, 'gone');
    expect(await cache.list(cases)).toHaveLength(2);
  });

  it('reads the store every time with a TTL of 0', async () => {
    const clock = new ManualClock(0);
    const cases = new CaseService({ store: openMemoryStore({ clock }), clock }).forTenant('acme');
    const cache = new CaseListCache(0, clock);
    await cases.create({ title: 'one' });
    expect(await cache.list(cases)).toHaveLength(1);
    await cases.create({ title: 'two' });
    expect(await cache.list(cases)).toHaveLength(2);
  });
});
