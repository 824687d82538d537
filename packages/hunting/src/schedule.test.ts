import { ManualClock, openMemoryStore } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { HuntError } from './errors.js';
import { memoryRunner, RUNDLL_RULE } from './hunting.test-helpers.js';
import { type HuntCadence, HuntScheduler, type ScheduledHunt } from './schedule.js';

const HOUR = 3_600_000;
const start = 1_000 * HOUR;
const rundll = (id: string, time: number) => ({
  _index: 'logs',
  _id: id,
  time,
  Image: 'C:\\Windows\\System32\\rundll32.exe',
});

const scheduled = (tenant: string, extra: Partial<ScheduledHunt> = {}): ScheduledHunt => ({
  id: 'rundll-sweep',
  tenant,
  name: 'rundll32 sweep',
  rules: [RUNDLL_RULE],
  target: 'duckdb',
  ...extra,
});

function setup(events: Record<string, unknown>[], cadence: HuntCadence = { defaultMs: HOUR }) {
  const clock = new ManualClock(start);
  const store = openMemoryStore({ clock });
  const runners = new Map<string, ReturnType<typeof memoryRunner>>();
  const scheduler = new HuntScheduler({
    store,
    clock,
    cadence,
    runner: (tenant) => {
      const runner = runners.get(tenant) ?? memoryRunner(events);
      runners.set(tenant, runner);
      return runner;
    },
  });
  return { clock, store, scheduler, runners };
}

describe('HuntScheduler', () => {
  it('runs a hunt when due, over the window since the last run, reporting only new hits', async () => {
    const events = [rundll('a', start - 30 * 60_000)];
    const { clock, scheduler, runners } = setup(events);
    scheduler.add(scheduled('acme', { overlapMs: 10 * 60_000 }));
    expect(await scheduler.nextDueAt()).toBe(start);

    const [first] = await scheduler.runDue();
    expect(first?.hunt.range).toEqual({ from: start - HOUR, to: start });
    expect(first?.newHits.map((hit) => hit.event['_id'])).toEqual(['a']);
    expect(first?.state).toMatchObject({ runs: 1, nextRunAt: start + HOUR, windowEnd: start });

    // not due yet: nothing runs
    clock.advance(HOUR - 1);
    expect(await scheduler.runDue()).toEqual([]);

    // a late event inside the overlap, and a new one: the overlap finds `b` once; `a` is old
    events.push(rundll('b', start - 5 * 60_000), rundll('c', start + 20 * 60_000));
    clock.advance(1);
    const [second] = await scheduler.runDue();
    expect(second?.hunt.range).toEqual({ from: start - 10 * 60_000, to: start + HOUR });
    expect(second?.result.hits.map((hit) => hit.event['_id'])).toEqual(['b', 'c']);
    expect(second?.newHits.map((hit) => hit.event['_id'])).toEqual(['b', 'c']);

    // the next window overlaps `c`'s: found again, not new again
    events.push(rundll('c2', start + HOUR + 1));
    clock.advance(HOUR);
    const [third] = await scheduler.runDue();
    expect(third?.result.hits.map((hit) => hit.event['_id'])).toEqual(['c2']);
    expect(third?.newHits.map((hit) => hit.event['_id'])).toEqual(['c2']);
    expect(runners.get('acme')?.hunts).toHaveLength(3);
    expect(runners.get('acme')?.hunts.every((hunt) => hunt.createdBy === 'scheduler')).toBe(true);
  });

  it('deduplicates a hit found again in an overlapping window', async () => {
    const events = [rundll('a', start - 5 * 60_000)];
    const { clock, scheduler } = setup(events);
    scheduler.add(scheduled('acme', { overlapMs: 30 * 60_000 }));
    const [first] = await scheduler.runDue();
    expect(first?.newHits).toHaveLength(1);
    clock.advance(HOUR);
    const [second] = await scheduler.runDue();
    expect(second?.result.hits).toHaveLength(1); // `a` is inside the overlap
    expect(second?.newHits).toEqual([]);
  });

  it('keeps per-tenant cadences and state', async () => {
    const { clock, scheduler } = setup([], { defaultMs: HOUR, tenants: { globex: 4 * HOUR } });
    scheduler.add(scheduled('acme'));
    scheduler.add(scheduled('globex'));
    scheduler.add(scheduled('initech', { id: 'fast', everyMs: 15 * 60_000 }));
    expect((await scheduler.runDue()).map((run) => run.hunt.tenant)).toEqual([
      'acme',
      'globex',
      'initech',
    ]);
    clock.advance(HOUR);
    expect((await scheduler.runDue()).map((run) => run.hunt.tenant)).toEqual(['acme', 'initech']);
    expect((await scheduler.state('globex', 'rundll-sweep'))?.nextRunAt).toBe(start + 4 * HOUR);
    expect((await scheduler.state('acme', 'rundll-sweep'))?.runs).toBe(2);
    expect(scheduler.list('initech').map((hunt) => hunt.id)).toEqual(['fast']);
  });

  it('skips a run whose state another worker stored meanwhile, and refuses bad hunts', async () => {
    const clock = new ManualClock(start);
    const store = openMemoryStore({ clock });
    const other = new HuntScheduler({ store, clock, runner: () => memoryRunner([]) });
    other.add(scheduled('acme'));
    const inner = memoryRunner([]);
    // while this worker's hunt runs, the other worker runs and stores the same hunt
    const scheduler = new HuntScheduler({
      store,
      clock,
      runner: () => ({
        targets: inner.targets,
        run: async (hunt, context) => {
          await other.runNow('acme', 'rundll-sweep');
          return inner.run(hunt, context) as Promise<never[]>;
        },
      }),
    });
    scheduler.add(scheduled('acme'));
    expect(await scheduler.runNow('acme', 'rundll-sweep')).toBeUndefined();
    expect((await scheduler.state('acme', 'rundll-sweep'))?.runs).toBe(1);
    await expect(scheduler.runNow('acme', 'missing')).rejects.toBeInstanceOf(HuntError);
    expect(() => scheduler.add(scheduled('acme', { everyMs: 0 }))).toThrow(HuntError);
    expect(scheduler.remove('acme', 'rundll-sweep')).toBe(true);
  });
});
