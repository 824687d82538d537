import {
  createOpenMdrBus,
  ManualClock,
  type OpenMdrEvents,
  openStore,
  type Store,
} from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addOneMonth,
  aggregateSla,
  type Case,
  CaseService,
  evaluateRegulatoryClocks,
  evaluateSlaClocks,
  measureSlaMetric,
  parseSlaPolicy,
  percentile,
  SlaPolicyError,
  SlaPolicyRegistry,
  SlaScheduler,
} from '../../src/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);

const policy = parseSlaPolicy({
  name: 'standard',
  targets: {
    critical: {
      detectMinutes: 30,
      acknowledgeMinutes: 15,
      investigateMinutes: 30,
      containMinutes: 60,
      resolveMinutes: 480,
    },
    high: { acknowledgeMinutes: 60, containMinutes: 240 },
  },
});

function caseAt(overrides: Partial<Case['timestamps']>, extra: Partial<Case> = {}): Case {
  return {
    id: 'c1',
    tenant: 'acme' as Case['tenant'],
    title: 't',
    description: null,
    status: 'new',
    severity: 'critical',
    priority: 'P1',
    assignee: null,
    observables: [],
    techniques: [],
    tasks: [],
    findingIds: [],
    mergedInto: null,
    mergedFrom: [],
    timestamps: {
      firstEventAt: null,
      detectedAt: T0,
      acknowledgedAt: null,
      investigationStartedAt: null,
      containedAt: null,
      eradicatedAt: null,
      recoveredAt: null,
      closedAt: null,
      ...overrides,
    },
    pauses: [],
    regulatory: null,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...extra,
  };
}

describe('SLA policy', () => {
  it('applies defaults and rejects bad input with field paths', () => {
    expect(policy.atRiskFraction).toBe(0.8);
    const error = (() => {
      try {
        parseSlaPolicy(
          { name: 'x', atRiskFraction: 1.5, targets: { critical: { acknowledgeMinutes: -1 } } },
          'sla.yaml',
        );
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SlaPolicyError);
    expect(error).toMatchObject({ code: 'SLA_POLICY_INVALID' });
    expect(String((error as Error).message)).toContain('targets.critical.acknowledgeMinutes');
    expect(String((error as Error).message)).toContain('atRiskFraction');
  });

  it('keeps a policy per tenant with a default', () => {
    const registry = new SlaPolicyRegistry(policy);
    registry.set('globex', {
      name: 'strict',
      atRiskFraction: 0.5,
      targets: { critical: { acknowledgeMinutes: 5 } },
    });
    expect(registry.get('acme').name).toBe('standard');
    expect(registry.get('globex').targets.critical?.acknowledgeMinutes).toBe(5);
  });
});

describe('SLA metrics', () => {
  const full = caseAt({
    firstEventAt: T0 - 20 * MINUTE,
    acknowledgedAt: T0 + 7 * MINUTE,
    investigationStartedAt: T0 + 19 * MINUTE,
    containedAt: T0 + 50 * MINUTE,
    closedAt: T0 + 5 * HOUR,
  });

  it('measures each metric between its two timestamps', () => {
    expect(measureSlaMetric(full, 'mttd')).toBe(20 * MINUTE);
    expect(measureSlaMetric(full, 'mtta')).toBe(7 * MINUTE);
    expect(measureSlaMetric(full, 'mtti')).toBe(12 * MINUTE);
    expect(measureSlaMetric(full, 'mttc')).toBe(50 * MINUTE);
    expect(measureSlaMetric(full, 'mttr')).toBe(5 * HOUR);
    expect(measureSlaMetric(caseAt({}), 'mtta')).toBeNull();
  });

  it('excludes paused time', () => {
    const paused = {
      ...full,
      pauses: [{ from: T0 + 60 * MINUTE, to: T0 + 2 * HOUR, reason: 'customer' }],
    };
    expect(measureSlaMetric(paused, 'mttc')).toBe(50 * MINUTE);
    expect(measureSlaMetric(paused, 'mttr')).toBe(4 * HOUR);
    const running = caseAt({}, { pauses: [{ from: T0 + 5 * MINUTE, to: null, reason: null }] });
    const [, mtta] = evaluateSlaClocks(running, policy, T0 + 40 * MINUTE);
    expect(mtta).toMatchObject({
      metric: 'mtta',
      state: 'running',
      elapsedMs: 5 * MINUTE,
      paused: true,
      dueAt: null,
    });
  });

  it('moves clocks through running, at-risk and breached', () => {
    const open = caseAt({});
    const at = (minutes: number) =>
      evaluateSlaClocks(open, policy, T0 + minutes * MINUTE).find((c) => c.metric === 'mtta');
    expect(at(5)).toMatchObject({
      state: 'running',
      remainingMs: 10 * MINUTE,
      dueAt: T0 + 15 * MINUTE,
    });
    expect(at(12)).toMatchObject({ state: 'at-risk' });
    expect(at(15)).toMatchObject({ state: 'at-risk', remainingMs: 0 });
    expect(at(16)).toMatchObject({ state: 'breached', remainingMs: -MINUTE });
    const mtti = evaluateSlaClocks(open, policy, T0 + 16 * MINUTE).find((c) => c.metric === 'mtti');
    expect(mtti?.state).toBe('pending');
    const stopped = evaluateSlaClocks(full, policy, T0 + 10 * HOUR);
    expect(stopped.map((clock) => clock.state)).toEqual(['met', 'met', 'met', 'met', 'met']);
    const late = evaluateSlaClocks(caseAt({ acknowledgedAt: T0 + 20 * MINUTE }), policy, T0 + HOUR);
    expect(late.find((c) => c.metric === 'mtta')?.state).toBe('breached');
  });
});

describe('SLA aggregates', () => {
  it('computes percentiles, mean and breach rate per metric and severity', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([], 50)).toBeNull();
    const cases = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((minutes, index) =>
      caseAt({ acknowledgedAt: T0 + minutes * MINUTE }, { id: `c${index}` }),
    );
    cases.push(caseAt({ acknowledgedAt: T0 + 90 * MINUTE }, { id: 'h1', severity: 'high' }));
    cases.push(
      caseAt({ acknowledgedAt: T0 + MINUTE, detectedAt: T0 + 48 * HOUR }, { id: 'next-period' }),
    );
    const result = aggregateSla(cases, { from: T0, to: T0 + 24 * HOUR, policy });
    expect(result.metrics.mtta.critical).toMatchObject({
      count: 10,
      mean: 6.5 * MINUTE,
      p50: 5 * MINUTE,
      p90: 9 * MINUTE,
      p99: 20 * MINUTE,
      withTarget: 10,
      breaches: 1,
      breachRate: 0.1,
    });
    expect(result.metrics.mtta.high).toMatchObject({ count: 1, breaches: 1, breachRate: 1 });
    expect(result.metrics.mtta.all.count).toBe(11);
    expect(result.metrics.mttc.all).toMatchObject({ count: 0, mean: null, breachRate: null });
  });
});

describe('regulatory clocks', () => {
  it('tracks GDPR art. 33 and NIS2 deadlines', () => {
    const breach = caseAt(
      {},
      { regulatory: { awareAt: T0, gdpr: true, nis2: true, submitted: {} } },
    );
    const clocks = evaluateRegulatoryClocks(breach, T0 + 20 * HOUR);
    expect(clocks.map((clock) => [clock.name, clock.dueAt, clock.state])).toEqual([
      ['gdpr.art33-notification', T0 + 72 * HOUR, 'pending'],
      ['nis2.early-warning', T0 + 24 * HOUR, 'at-risk'],
      ['nis2.incident-notification', T0 + 72 * HOUR, 'pending'],
      ['nis2.final-report', addOneMonth(T0 + 72 * HOUR), 'pending'],
    ]);
    const later = evaluateRegulatoryClocks(
      {
        regulatory: {
          awareAt: T0,
          gdpr: true,
          nis2: true,
          submitted: {
            'nis2.early-warning': T0 + 23 * HOUR,
            'nis2.incident-notification': T0 + 48 * HOUR,
          },
        },
      },
      T0 + 73 * HOUR,
    );
    expect(later.map((clock) => clock.state)).toEqual([
      'breached',
      'submitted',
      'submitted',
      'pending',
    ]);
    expect(later[3]?.dueAt).toBe(addOneMonth(T0 + 48 * HOUR));
    expect(evaluateRegulatoryClocks(caseAt({}), T0)).toEqual([]);
    expect(new Date(addOneMonth(Date.UTC(2026, 0, 31, 12))).toISOString()).toBe(
      '2026-02-28T12:00:00.000Z',
    );
  });
});

describe('SlaScheduler', () => {
  let store: Store;
  const clock = new ManualClock(T0);
  beforeAll(async () => {
    store = await openStore({ kind: 'memory', clock });
  });
  afterAll(async () => {
    await store.close();
  });

  it('emits at-risk and breach events once, on the injected clock, and honours pauses', async () => {
    let counter = 0;
    const service = new CaseService({ store, clock, createId: () => `case-${++counter}` });
    const bus = createOpenMdrBus();
    const events: { name: string; payload: unknown }[] = [];
    for (const name of [
      'sla.at-risk',
      'sla.breached',
      'regulatory.at-risk',
      'regulatory.breached',
    ] as const) {
      bus.on(name, (payload: OpenMdrEvents[typeof name]) => {
        events.push({ name, payload });
      });
    }
    const registry = new SlaPolicyRegistry(policy);
    const scheduler = new SlaScheduler({
      cases: service,
      store,
      bus,
      clock,
      policyFor: (t) => registry.get(t),
      tenants: () => ['acme'],
    });
    const cases = service.forTenant('acme');
    const fast = await cases.create({ title: 'acknowledged in time', severity: 'critical' });
    const slow = await cases.create({ title: 'nobody looks', severity: 'critical' });
    const pausedCase = await cases.create({ title: 'waiting on customer', severity: 'critical' });
    await cases.pauseSla(pausedCase.id, { reason: 'customer' });

    clock.advance(5 * MINUTE);
    await cases.transition(fast.id, 'triage');
    expect((await scheduler.check()).emitted).toEqual([]);

    clock.advance(7 * MINUTE); // 12 min: at risk for MTTA (≥ 0.8 × 15)
    const atRisk = await scheduler.check();
    expect(atRisk.emitted).toEqual([{ event: 'sla.at-risk', incidentId: slow.id, clock: 'mtta' }]);

    clock.advance(4 * MINUTE); // 16 min: breached
    const breached = await scheduler.check();
    expect(breached.emitted).toEqual([
      { event: 'sla.breached', incidentId: slow.id, clock: 'mtta' },
    ]);
    expect(events.at(-1)).toEqual({
      name: 'sla.breached',
      payload: {
        tenant: 'acme',
        incidentId: slow.id,
        metric: 'mtta',
        dueAt: T0 + 15 * MINUTE,
        at: T0 + 16 * MINUTE,
      },
    });
    expect((await scheduler.check()).emitted).toEqual([]); // once only

    await cases.resumeSla(pausedCase.id);
    clock.advance(11 * MINUTE); // paused case: 11 min counted
    expect((await scheduler.check()).emitted).toEqual([]);
    clock.advance(MINUTE);
    expect((await scheduler.check()).emitted).toContainEqual({
      event: 'sla.at-risk',
      incidentId: pausedCase.id,
      clock: 'mtta',
    });

    await cases.markReportable(fast.id, { gdpr: true, nis2: true });
    clock.advance(20 * HOUR);
    expect((await scheduler.check()).emitted).toContainEqual({
      event: 'regulatory.at-risk',
      incidentId: fast.id,
      clock: 'nis2.early-warning',
    });
    clock.advance(5 * HOUR);
    expect((await scheduler.check()).emitted).toContainEqual({
      event: 'regulatory.breached',
      incidentId: fast.id,
      clock: 'nis2.early-warning',
    });
    expect(events.some((event) => event.name === 'regulatory.breached')).toBe(true);
  });
});

describe('SlaScheduler timer', () => {
  it('checks on its timer, logs failed checks, and stops', async () => {
    const clock = new ManualClock(T0);
    const store = await openStore({ kind: 'memory', clock });
    const service = new CaseService({ store, clock });
    const bus = createOpenMdrBus();
    const created = await service.forTenant('acme').create({ title: 'late', severity: 'critical' });
    clock.advance(20 * MINUTE);
    const breached = new Promise<string>((resolve) => {
      bus.on('sla.breached', ({ incidentId }) => resolve(incidentId));
    });
    const errors: unknown[] = [];
    let fail = true;
    const logger = {
      trace: () => {},
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (object: object | string) => {
        errors.push(object);
      },
    };
    const scheduler = new SlaScheduler({
      cases: service,
      store,
      bus,
      clock,
      logger,
      policyFor: () => policy,
      tenants: () => {
        if (fail) {
          fail = false;
          throw new Error('tenant directory down');
        }
        return ['acme'];
      },
    });
    scheduler.start(5);
    expect(await breached).toBe(created.id);
    await scheduler.stop();
    expect(errors).toHaveLength(1);
    await store.close();
  });
});
