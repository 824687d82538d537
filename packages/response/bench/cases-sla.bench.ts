/**
 * Cases and SLA benchmark.
 *
 * 1. Case lifecycle throughput: create + 6 status moves + 1 comment (8 compare-and-set writes and 8
 *    timeline appends) on the memory store and on PGlite (in memory).
 * 2. `evaluateSlaClocks`: clocks evaluated per second (5 metrics per case).
 * 3. `aggregateSla` over 10,000 cases (5 metrics × 6 severity groups with percentiles).
 * 4. `SlaScheduler.check()` over 1,000 open cases on the memory store.
 *
 * Run: `pnpm --filter @openmdr/response bench:cases`
 */
import { createOpenMdrBus, ManualClock, openStore, type Store } from '@openmdr/core';
import { Bench } from 'tinybench';
import {
  aggregateSla,
  type Case,
  CaseService,
  evaluateSlaClocks,
  parseSlaPolicy,
  SlaScheduler,
} from '../src/index.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const policy = parseSlaPolicy({
  name: 'bench',
  targets: {
    critical: {
      acknowledgeMinutes: 15,
      investigateMinutes: 30,
      containMinutes: 60,
      resolveMinutes: 480,
    },
    high: { acknowledgeMinutes: 60, containMinutes: 240, resolveMinutes: 1440 },
    medium: { acknowledgeMinutes: 240 },
  },
});

const stores: [string, Store][] = [
  ['memory', await openStore({ kind: 'memory' })],
  ['pglite', await openStore({ kind: 'pglite' })],
];
const bench = new Bench({ time: 2000, warmupIterations: 3 });
for (const [name, store] of stores) {
  const cases = new CaseService({ store }).forTenant('bench');
  bench.add(`case lifecycle, ${name} store`, async () => {
    const created = await cases.create({ title: 'bench', severity: 'critical' });
    for (const status of [
      'triage',
      'investigating',
      'contained',
      'eradicated',
      'recovered',
      'closed',
    ] as const) {
      await cases.transition(created.id, status, { by: 'bench' });
    }
    await cases.comment(created.id, 'done', { by: 'bench' });
  });
}

const severities = ['critical', 'high', 'medium', 'low'] as const;
const sample: Case[] = Array.from({ length: 10_000 }, (_, index) => ({
  id: `c${index}`,
  tenant: 'bench' as Case['tenant'],
  title: 'bench',
  description: null,
  status: 'closed',
  severity: severities[index % severities.length] ?? 'medium',
  priority: 'P2',
  assignee: null,
  observables: [],
  techniques: [],
  tasks: [],
  findingIds: [],
  mergedInto: null,
  mergedFrom: [],
  timestamps: {
    firstEventAt: T0 - ((index * 7) % 60) * MINUTE,
    detectedAt: T0,
    acknowledgedAt: T0 + ((index * 13) % 40) * MINUTE,
    investigationStartedAt: T0 + ((index * 13) % 40) * MINUTE + 5 * MINUTE,
    containedAt: T0 + ((index * 17) % 200) * MINUTE,
    eradicatedAt: null,
    recoveredAt: null,
    closedAt: T0 + ((index * 19) % 2000) * MINUTE,
  },
  pauses: index % 10 === 0 ? [{ from: T0 + MINUTE, to: T0 + 30 * MINUTE, reason: null }] : [],
  regulatory: null,
  createdAt: T0,
  updatedAt: T0,
  version: 1,
}));
let cursor = 0;
bench.add('evaluateSlaClocks (one case, 5 clocks)', () => {
  evaluateSlaClocks(sample[cursor++ % sample.length] as Case, policy, T0 + 90 * MINUTE);
});
bench.add('aggregateSla (10,000 cases)', () => {
  aggregateSla(sample, { from: T0, to: T0 + 1, policy });
});

const clock = new ManualClock(T0);
const schedulerStore = await openStore({ kind: 'memory', clock });
const schedulerService = new CaseService({ store: schedulerStore, clock });
for (let index = 0; index < 1000; index++) {
  await schedulerService
    .forTenant('bench')
    .create({ title: `open ${index}`, severity: 'critical' });
}
const scheduler = new SlaScheduler({
  cases: schedulerService,
  store: schedulerStore,
  bus: createOpenMdrBus(),
  clock,
  policyFor: () => policy,
  tenants: () => ['bench'],
});
clock.advance(20 * MINUTE);
bench.add('SlaScheduler.check (1,000 open cases, memory store)', async () => {
  await scheduler.check();
});

await bench.run();
for (const task of bench.tasks) {
  const result = task.result;
  if (result === undefined || !('latency' in result)) continue;
  const perSecond = 1000 / result.latency.mean;
  const extra = task.name.startsWith('case lifecycle')
    ? ` (${Math.round(perSecond * 8).toLocaleString('en-US')} case writes/s)`
    : task.name.startsWith('evaluateSlaClocks')
      ? ` (${Math.round(perSecond * 5).toLocaleString('en-US')} clocks/s)`
      : '';
  console.log(
    `${task.name}: ${Math.round(perSecond).toLocaleString('en-US')} ops/s, mean ${result.latency.mean.toFixed(3)} ms${extra}`,
  );
}
for (const [, store] of stores) await store.close();
await schedulerStore.close();
const memory = process.memoryUsage();
console.log(
  `memory: RSS ${(memory.rss / 1048576).toFixed(0)} MB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MB; node ${process.version}`,
);
