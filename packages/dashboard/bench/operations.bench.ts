/**
 * SOC operations benchmark: 10,000 cases in one tenant, on the memory store and on PGlite (in
 * memory).
 *
 * - floor: `TenantCases.list()` (every case read from the store), measured in the same run;
 * - `listCases` (first page of open cases, filtered and sorted) and `overview` and `slaClocks`,
 *   with the default case cache (2 s, stale-while-revalidate, after the tenant's first read) and,
 *   on the memory store, with the cache off (`caseCacheTtlMs: 0`, every call reads the store).
 *
 * Prints mean and p99 per task. Run: `pnpm --filter @openmdr/dashboard bench`
 */
import { createOpenMdrBus, openStore, type Store } from '@openmdr/core';
import { CaseService, parseSlaPolicy } from '@openmdr/response';
import { Bench } from 'tinybench';
import type { Principal } from '../src/access/principal.js';
import { createSocOperations } from '../src/operations/create-soc-operations.js';

const CASES = Number(process.env['BENCH_CASES'] ?? 10_000);
const severities = ['critical', 'high', 'medium', 'low'] as const;
const slaPolicy = parseSlaPolicy({
  name: 'bench',
  targets: {
    critical: { acknowledgeMinutes: 15, containMinutes: 60, resolveMinutes: 480 },
    high: { acknowledgeMinutes: 60, containMinutes: 240, resolveMinutes: 1440 },
  },
});
const analyst: Principal = { id: 'bench', tenants: ['bench'], roles: ['analyst'] };

async function seed(store: Store): Promise<number> {
  const started = performance.now();
  const cases = new CaseService({ store }).forTenant('bench');
  for (let index = 0; index < CASES; index++) {
    const created = await cases.create({
      title: `case ${index} on host-${index % 500}`,
      severity: severities[index % severities.length] ?? 'medium',
      observables: [{ type: 'hostname', value: `host-${index % 500}` }],
    });
    if (index % 3 === 0) await cases.transition(created.id, 'triage');
  }
  return performance.now() - started;
}

const stores: [string, Store][] = [
  ['memory', await openStore({ kind: 'memory' })],
  ['pglite', await openStore({ kind: 'pglite' })],
];
const bench = new Bench({ time: 1_000, iterations: 10, warmupIterations: 1 });
for (const [name, store] of stores) {
  const seconds = (await seed(store)) / 1000;
  console.log(
    `seeded ${CASES.toLocaleString('en-US')} cases on ${name} in ${seconds.toFixed(1)} s`,
  );
  const bus = createOpenMdrBus();
  const warm = createSocOperations({ store, bus, slaPolicy });
  const cold = createSocOperations({ store, bus, slaPolicy, caseCacheTtlMs: 0 });
  const raw = new CaseService({ store }).forTenant('bench');
  bench.add(`${name}: floor, TenantCases.list() (${CASES} cases)`, async () => {
    await raw.list();
  });
  // Uncached reads cost about the floor each; measured on the memory store only (on PGlite a
  // full read of 10,000 cases takes seconds).
  const modes =
    name === 'memory'
      ? ([
          ['cached', warm],
          ['uncached', cold],
        ] as const)
      : ([['cached', warm]] as const);
  await warm.overview(analyst); // the tenant's first read, which waits for the store
  for (const [mode, soc] of modes) {
    bench.add(`${name}: listCases open, first page (${mode})`, async () => {
      await soc.listCases(analyst, { open: true, limit: 50 });
    });
    bench.add(`${name}: listCases query "host-42" (${mode})`, async () => {
      await soc.listCases(analyst, { query: 'host-42', limit: 50 });
    });
    bench.add(`${name}: overview (${mode})`, async () => {
      await soc.overview(analyst);
    });
    bench.add(`${name}: slaClocks (${mode})`, async () => {
      await soc.slaClocks(analyst);
    });
  }
}

await bench.run();
for (const task of bench.tasks) {
  const result = task.result;
  if (result === undefined || !('latency' in result)) continue;
  console.log(
    `${task.name}: mean ${result.latency.mean.toFixed(2)} ms, p99 ${result.latency.p99?.toFixed(2)} ms (${result.latency.samplesCount} samples)`,
  );
}
for (const [, store] of stores) await store.close();
console.log(`node ${process.version}`);
