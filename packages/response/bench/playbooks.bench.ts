/**
 * Playbook engine benchmark.
 *
 * 1. Step throughput: a 20-step playbook (one OpenC2 command per step) on the memory store and on
 *    PGlite (in memory), every step and command saved durably, with an in-process executor.
 * 2. End-to-end latency from an incident to a containment request: for each incident, variables
 *    from the incident, the run starts, the if-condition checks the severity, and the containment
 *    command is POSTed to a local OpenC2 HTTP simulator on 127.0.0.1; measured until the simulator
 *    receives it (p50/p99 over the runs).
 *
 * Run: `pnpm --filter @openmdr/response bench`
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore, type Store } from '@openmdr/core';
import { Bench } from 'tinybench';
import {
  type CommandExecutor,
  createOpenC2HttpExecutor,
  openc2Command,
  PlaybookEngine,
  playbook,
} from '../src/playbooks/index.js';

const STEPS = 20;
const builder = playbook('bench-steps');
for (let index = 0; index < STEPS; index++) {
  builder.action(`step-${index}`, {
    commands: [openc2Command({ action: 'deny', target: { ipv4_net: `198.51.100.${index}` } })],
  });
}
const steps = builder.end('done').build();
const inProcess: CommandExecutor = { execute: async () => undefined };

const stores: [string, Store][] = [
  ['memory', await openStore({ kind: 'memory' })],
  ['pglite', await openStore({ kind: 'pglite' })],
];
let runCounter = 0;
const bench = new Bench({ time: 3000, warmupIterations: 3 });
for (const [name, store] of stores) {
  const engine = new PlaybookEngine({
    store: store.forTenant('bench'),
    executors: { 'openc2-http': inProcess },
  });
  bench.add(`${name} store`, async () => {
    await engine.run(steps, { runId: `run-${runCounter++}` });
  });
}
await bench.run();
for (const task of bench.tasks) {
  const result = task.result;
  if (result === undefined || !('latency' in result)) continue;
  // start + 20 actions + end
  const perRun = STEPS + 2;
  console.log(
    `step throughput, ${task.name}: ${Math.round((perRun / result.latency.mean) * 1000).toLocaleString('en-US')} steps/s (${result.latency.mean.toFixed(2)} ms per ${perRun}-step run, 1 worker)`,
  );
}

// End-to-end: incident → containment request received by the simulator.
const received = new Map<string, number>();
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8');
  });
  request.on('end', () => {
    const message = JSON.parse(body) as { headers: { request_id: string } };
    received.set(message.headers.request_id, performance.now());
    response.writeHead(200, { 'content-type': 'application/openc2+json;version=1.0' });
    response.end('{"body":{"openc2":{"response":{"status":200}}}}');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const contain = playbook('bench-contain')
  .variable('__hostname__', { type: 'string', external: true })
  .variable('__severity__', { type: 'integer', value: '0', external: true })
  .if('severe?', { condition: '__severity__:value >= 70', onTrue: 'contain' })
  .end('done')
  .action('contain', {
    commands: [
      openc2Command({ action: 'contain', target: { device: { hostname: '__hostname__:value' } } }),
    ],
    timeout: 5000,
    retry: { maxAttempts: 3, backoffMs: 100 },
  })
  .end('contained')
  .build();
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${at(1).toFixed(2)} ms`;
};
const INCIDENTS = 500;
for (const [name, store] of stores) {
  const engine = new PlaybookEngine({
    store: store.forTenant('bench-e2e'),
    executors: {
      'openc2-http': createOpenC2HttpExecutor({ url: `http://127.0.0.1:${port}/openc2` }),
    },
  });
  const latencies: number[] = [];
  for (let index = 0; index < INCIDENTS; index++) {
    const incident = {
      id: `inc-${name}-${index}`,
      severity: 90,
      device: { hostname: `ws-${index}` },
    };
    const started = performance.now();
    const state = await engine.run(contain, {
      runId: incident.id,
      variables: {
        __hostname__: incident.device.hostname,
        __severity__: String(incident.severity),
      },
    });
    const requestId = state.completed[0]?.requestId;
    const at = requestId === undefined ? undefined : received.get(requestId);
    if (at === undefined)
      throw new Error(`incident ${incident.id}: no containment request received`);
    latencies.push(at - started);
  }
  console.log(
    `incident → containment request (${name} store, ${INCIDENTS} incidents, one at a time): ${summary(latencies)}`,
  );
}
server.close();
for (const [, store] of stores) await store.close();
const memory = process.memoryUsage();
console.log(
  `memory: RSS ${(memory.rss / 1048576).toFixed(0)} MB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MB; node ${process.version}`,
);
