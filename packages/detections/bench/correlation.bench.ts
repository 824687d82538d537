/**
 * Correlation reducer benchmark: an event_count correlation (≥ 50 per user in 10 minutes)
 * fed 20,000 matches spread over 10, 1,000 and 10,000 users (groups), one step per match
 * with a new immutable state each time.
 *
 * Run: `pnpm --filter @openmdr/detections exec tsx --conditions=@openmdr/source bench/correlation.bench.ts`
 */
import { Bench } from 'tinybench';
import { compileCorrelations, parseCorrelationDocuments } from '../src/sigma/correlation/index.js';

const { correlations } = parseCorrelationDocuments(`title: Many events per user
id: bench
correlation:
  type: event_count
  rules: [r]
  group-by: [User]
  timespan: 10m
  condition: { gte: 50 }
`);
const set = compileCorrelations(correlations);
const MATCHES = 20_000;

const bench = new Bench({ time: 2000, warmupTime: 200, iterations: 3, warmupIterations: 1 });
for (const users of [10, 1_000, 10_000]) {
  const matches = Array.from({ length: MATCHES }, (_, index) => ({
    ruleId: 'r',
    event: { User: `user-${index % users}` },
    timestamp: index * 10,
  }));
  bench.add(`${String(users).padStart(6)} groups`, () => {
    let state = set.initialState();
    for (const match of matches) state = set.step(state, match, 0).state;
  });
}
await bench.run();
for (const task of bench.tasks) {
  const result = task.result;
  if (result === undefined || !('latency' in result)) continue;
  console.log(
    `${task.name}: ${Math.round((MATCHES / result.latency.mean) * 1000).toLocaleString('en-US')} matches/s (1 core)`,
  );
}
const memory = process.memoryUsage();
console.log(
  `memory: RSS ${(memory.rss / 1048576).toFixed(0)} MB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MB; node ${process.version}`,
);
