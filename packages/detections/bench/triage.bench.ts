/**
 * Triage benchmark: findings/s through score + suppression + dedup + entity risk + incident
 * grouping (with Incident Findings built and validated), in batches of 1 000, on one core.
 *
 *   pnpm --filter @openmdr/detections bench            (every benchmark)
 *   tsx --conditions=@openmdr/source bench/triage.bench.ts
 */
import { Bench } from 'tinybench';
import {
  emptyTriageState,
  resolveScoringConfig,
  resolveTriageConfig,
  type TriageInput,
  type TriageState,
  triageFindings,
} from '../src/index.js';

const FINDINGS = 10_000;
const BATCH = 1_000;
const TACTICS = [
  'initial-access',
  'execution',
  'persistence',
  'credential-access',
  'lateral-movement',
  'command-and-control',
];

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const int = (limit: number): number => Math.floor(random() * limit);

const T0 = Date.parse('2026-01-01T00:00:00Z');
const inputs: TriageInput[] = [];
for (let index = 0; index < FINDINGS; index += 1) {
  const rule = int(200);
  const host = int(2000);
  inputs.push({
    finding: {
      class_uid: 2004,
      activity_id: 1,
      severity_id: 1 + int(5),
      // ~10 s apart with jitter: out-of-order arrival within a minute
      time: T0 + index * 10_000 + int(60_000) - 30_000,
      finding_info: {
        uid: `finding-${index}`,
        title: `rule ${rule}`,
        analytic: { type_id: 1, uid: `rule-${rule}`, name: `rule ${rule}` },
        attacks: [{ tactic: { name: TACTICS[int(TACTICS.length)] as string } }],
      },
      metadata: { version: '1.8.0', product: { name: 'bench', vendor_name: 'OpenMDR' } },
      device: { hostname: `host-${host}`, type_id: 0 },
      actor: { user: { name: `user-${host}` } },
      ...(int(10) === 0
        ? { osint: [{ type_id: 1, value: `198.51.100.${int(50)}`, confidence_id: 3 }] }
        : {}),
    },
    context: { ruleConfidence: 0.5 + random() / 2 },
  });
}
const scoring = resolveScoringConfig({
  assetCriticality: { 'host-1??': 'critical' },
  userPrivilege: { 'user-1??': 'high' },
});
const triage = resolveTriageConfig({
  suppressions: [
    {
      id: 's1',
      reason: 'noisy rule',
      owner: 'bench',
      expiresAt: T0 + 86_400_000 * 365,
      match: { rule: 'rule-7' },
    },
  ],
});

let summary = { findings: 0, duplicates: 0, suppressed: 0, incidents: 0, open: 0 };
function runAll(): void {
  let state: TriageState = emptyTriageState();
  const totals = { findings: 0, duplicates: 0, suppressed: 0, incidents: 0, open: 0 };
  for (let start = 0; start < inputs.length; start += BATCH) {
    const result = triageFindings(state, inputs.slice(start, start + BATCH), {
      scoring,
      triage,
      now: T0 + FINDINGS * 10_000,
    });
    state = result.state;
    totals.findings += result.findings.length;
    totals.duplicates += result.duplicates.length;
    totals.suppressed += result.suppressed.length;
    totals.incidents += result.incidents.length;
  }
  totals.open = Object.keys(state.grouping.incidents).length;
  summary = totals;
}

const bench = new Bench({ time: 3000, iterations: 3, warmupIterations: 1 });
bench.add(`triage ${FINDINGS} findings in batches of ${BATCH}`, runAll);
await bench.run();
for (const task of bench.tasks) {
  const perPass = (task.result as { latency?: { mean: number } } | undefined)?.latency?.mean;
  if (perPass === undefined) continue;
  console.log(
    `${task.name}: ${Math.round((FINDINGS / perPass) * 1000).toLocaleString('en-US')} findings/s (1 core), ${((perPass / FINDINGS) * 1000).toFixed(1)} µs/finding`,
  );
}
const cpuStart = process.cpuUsage();
runAll();
const cpu = process.cpuUsage(cpuStart);
console.log(
  `triage: ${Math.round(FINDINGS / ((cpu.user + cpu.system) / 1e6)).toLocaleString('en-US')} findings per CPU-second`,
);
console.log(
  `per pass: ${summary.findings} emitted, ${summary.duplicates} duplicates folded, ${summary.suppressed} suppressed, ${summary.incidents} Incident Findings built, ${summary.open} incidents open at the end`,
);
const memory = process.memoryUsage();
console.log(
  `memory: RSS ${(memory.rss / 1024 / 1024).toFixed(0)} MB, heap used ${(memory.heapUsed / 1024 / 1024).toFixed(0)} MB`,
);
