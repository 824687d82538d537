/**
 * EDR normaliser benchmark: the fixture records of each EDR connector stream (CrowdStrike
 * alerts and hosts; Defender for Endpoint alerts and machines, Defender XDR alerts and
 * incidents; SentinelOne threats and agents), cycled to 5,000 per stream, normalised to OCSF
 * 1.8.0. The normalisers build events with the `@openmdr/core` builders, so every figure
 * includes strict OCSF validation of the output.
 *
 * Run: `pnpm --filter @openmdr/connectors bench:edr`
 */
import { readFileSync } from 'node:fs';
import {
  normalizeCrowdStrikeAlert,
  normalizeCrowdStrikeHost,
} from '@openmdr/connector-crowdstrike';
import {
  normalizeDefenderEndpointAlert,
  normalizeDefenderGraphAlert,
  normalizeDefenderIncident,
  normalizeDefenderMachine,
} from '@openmdr/connector-defender';
import {
  normalizeSentinelOneAgent,
  normalizeSentinelOneThreat,
} from '@openmdr/connector-sentinelone';
import { Bench } from 'tinybench';

const EVENT_COUNT = 5_000;

function records(connector: string, name: string): unknown[] {
  const samples = JSON.parse(
    readFileSync(
      new URL(`../../${connector}/src/__fixtures__/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as unknown[];
  return Array.from({ length: EVENT_COUNT }, (_, index) => samples[index % samples.length]);
}

const streams: Array<[string, unknown[], (record: unknown) => { class_uid: number }]> = [
  ['crowdstrike alerts', records('crowdstrike', 'alerts'), normalizeCrowdStrikeAlert],
  ['crowdstrike hosts', records('crowdstrike', 'hosts'), normalizeCrowdStrikeHost],
  ['defender alerts (MDE)', records('defender', 'endpoint-alerts'), normalizeDefenderEndpointAlert],
  ['defender machines', records('defender', 'machines'), normalizeDefenderMachine],
  ['defender xdr-alerts (Graph)', records('defender', 'xdr-alerts'), normalizeDefenderGraphAlert],
  ['defender incidents', records('defender', 'incidents'), normalizeDefenderIncident],
  ['sentinelone threats', records('sentinelone', 'threats'), normalizeSentinelOneThreat],
  ['sentinelone agents', records('sentinelone', 'agents'), normalizeSentinelOneAgent],
];

const bench = new Bench({ time: 1000, iterations: 5, warmupTime: 200, warmupIterations: 2 });
let sink = 0;
for (const [name, input, normalize] of streams) {
  bench.add(name, () => {
    for (const record of input) sink += normalize(record).class_uid > 0 ? 1 : 0;
  });
}
await bench.run();

const memory = process.memoryUsage();
console.table(
  bench.tasks.map((task) => {
    const result = task.result as { latency?: { mean: number }; mean?: number } | undefined;
    const meanMs = result?.latency?.mean ?? result?.mean ?? Number.NaN;
    return {
      stream: task.name,
      'events/s': Math.round(EVENT_COUNT / (meanMs / 1000)).toLocaleString('en-US'),
      'µs per event': ((meanMs * 1000) / EVENT_COUNT).toFixed(1),
    };
  }),
);
console.log(
  `${EVENT_COUNT} records per stream per run; RSS ${(memory.rss / 1048576).toFixed(0)} MB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MB; node ${process.version}; sink ${sink > 0}`,
);
