/**
 * Response actions: policy evaluation throughput, dispatcher throughput (memory store, audit on,
 * an in-process actuator), and end-to-end latency from a dispatch to the containment request
 * reaching the CrowdStrike simulator (a real HTTP server on 127.0.0.1), p50/p99.
 *
 * Run: `pnpm --filter @openmdr/response bench:actions`.
 */

import { crowdstrikeConnector } from '@openmdr/connector-crowdstrike';
import { startFalconSimulator } from '@openmdr/connector-crowdstrike/simulator';
import { defineAction, defineConnector, requireTarget } from '@openmdr/connector-kit';
import { openMemoryStore } from '@openmdr/core';
import { Bench } from 'tinybench';
import * as z from 'zod';
import {
  type ActionConnector,
  ActuatorRegistry,
  AuditLog,
  CommandDispatcher,
  createCommand,
  createConnectorActuator,
  evaluatePolicy,
  parsePolicy,
} from '../src/index.js';

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const percentile = (sorted: number[], p: number) =>
  Math.round(
    (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 100,
  ) / 100;

const policy = parsePolicy({
  version: 1,
  protections: [
    { id: 'no-dc', actions: ['contain_device'], assets: { tagsAny: ['domain-controller'] } },
  ],
  rules: [
    {
      id: 'critical',
      actions: '*',
      assets: { criticality: ['critical'] },
      decision: 'require_approval',
    },
    { id: 'lab', actions: '*', assets: { groups: ['lab'] }, decision: 'allow' },
    {
      id: 'workstations',
      actions: ['contain_device'],
      assets: { tagsAll: ['workstation'], maxCriticality: 'high' },
      decision: 'allow',
      hours: [
        {
          timeZone: 'Europe/Paris',
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          from: '08:00',
          to: '18:00',
        },
      ],
      outsideHours: 'require_approval',
    },
    {
      id: 'accounts',
      actions: ['disable_account', 'revoke_sessions'],
      decision: 'require_approval',
    },
  ],
  limits: [{ id: 'hosts-per-hour', actions: ['contain_device'], max: 50, windowMs: 3_600_000 }],
});
const now = Date.UTC(2026, 10, 18, 9, 0);
const history = Array.from({ length: 40 }, (_, index) => ({
  kind: 'contain_device' as const,
  at: now - index * 60_000,
  target: `device:device_id=${index}`,
}));
const contain = createCommand(
  'contain_device',
  { device: { device_id: 'a'.repeat(32) } },
  { requestId: 'bench' },
);
const asset = { tags: ['workstation'], groups: ['finance'], criticality: 'medium' as const };

const BATCH = 100;
const bench = new Bench({ time: 1500, warmup: true });
bench.add('evaluatePolicy (4 rules, hours, 40-entry history)', () => {
  for (let index = 0; index < BATCH; index++)
    evaluatePolicy(policy, contain, { now, asset, history });
});
await bench.run();
console.table(
  bench.tasks.map((task) => {
    const result = task.result;
    const statistics = 'throughput' in result ? result : undefined;
    return {
      task: task.name,
      'decisions/s': statistics ? Math.round((BATCH * 1000) / statistics.period) : 0,
      'rme %': statistics ? Math.round(statistics.latency.rme * 100) / 100 : 0,
    };
  }),
);

// Dispatcher throughput: unique request ids, policy allow, audit on, an in-process actuator.
{
  const store = (await openMemoryStore()).forTenant('bench');
  const connector = await defineConnector({
    manifest: {
      id: 'in-process',
      vendor: 'OpenMDR',
      product: 'Bench',
      category: 'edr',
      version: '1.0.0',
      auth: ['none'],
      regions: { local: { baseUrl: 'http://127.0.0.1' } },
      streams: {},
      actions: {
        contain: defineAction({
          description: 'Contain a device, in process',
          input: z.object({ deviceId: z.string() }),
          output: z.object({ deviceId: z.string() }),
          asynchronous: false,
          requiredPermissions: [],
          implements: {
            contain_device: (request) => ({ deviceId: requireTarget(request, 'device', 'uid') }),
          },
        }),
      },
      rateLimit: { requests: 1_000_000, perMs: 1_000 },
      docsUrl: 'https://openmdr.dev/docs/response/actions',
    },
    config: z.object({}),
    createClient: () => null,
    check: async () => {},
    streams: {},
    actions: { contain: { run: async (input) => ({ status: 'completed', output: input }) } },
  }).connect({ config: {} });
  const dispatcher = new CommandDispatcher({
    store,
    registry: new ActuatorRegistry([createConnectorActuator(connector)]),
    policy: parsePolicy({ version: 1, rules: [{ id: 'auto', actions: '*', decision: 'allow' }] }),
    audit: new AuditLog(store),
  });
  const count = 3_000;
  global.gc?.();
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    await dispatcher.dispatch(
      createCommand(
        'contain_device',
        { device: { device_id: `d${index}` } },
        { requestId: `r${index}` },
      ),
    );
  }
  const fresh = performance.now() - started;
  const replayStarted = performance.now();
  for (let index = 0; index < count; index++) {
    await dispatcher.dispatch(
      createCommand(
        'contain_device',
        { device: { device_id: `d${index}` } },
        { requestId: `r${index}` },
      ),
    );
  }
  const replay = performance.now() - replayStarted;
  const memory = process.memoryUsage();
  console.table([
    {
      task: 'dispatch (memory store, audit, 6 audit records each)',
      'commands/s': Math.round(count / (fresh / 1000)),
    },
    {
      task: 'dispatch replay (same request_id)',
      'commands/s': Math.round(count / (replay / 1000)),
    },
  ]);
  console.log(
    JSON.stringify({ rssMb: megabytes(memory.rss), heapUsedMb: megabytes(memory.heapUsed) }),
  );
}

// End-to-end latency: dispatch → containment request at the simulator, and → contained.
{
  const host = '4a7f0c2e9b1d4e6f8a3b5c7d9e1f2a3b';
  const started = await startFalconSimulator({
    startAt: '2026-01-01T00:00:00Z',
    pendingPolls: 0,
    hosts: [
      {
        device_id: host,
        hostname: 'WS-BENCH-01',
        platform_name: 'Windows',
        status: 'normal',
        modified_timestamp: new Date().toISOString(),
      },
    ],
  });
  const { simulator } = started;
  const falcon = await crowdstrikeConnector.connect({
    config: started.config,
    secrets: started.secrets,
    rateLimit: false,
  });
  let requestSentAt = 0;
  const timed: ActionConnector = {
    manifest: falcon.manifest,
    startAction: async (name, input) => {
      requestSentAt = performance.now();
      return falcon.startAction(name, input);
    },
    pollAction: (name, handle) => falcon.pollAction(name, handle),
  };
  const store = (await openMemoryStore()).forTenant('bench');
  const dispatcher = new CommandDispatcher({
    store,
    registry: new ActuatorRegistry([createConnectorActuator(timed)]),
    policy: parsePolicy({ version: 1, rules: [{ id: 'auto', actions: '*', decision: 'allow' }] }),
    audit: new AuditLog(store),
    pollIntervalMs: 0,
  });
  const toRequest: number[] = [];
  const toContained: number[] = [];
  for (let index = 0; index < 300; index++) {
    const started = performance.now();
    const outcome = await dispatcher.dispatch(
      createCommand(
        'contain_device',
        { device: { device_id: host } },
        { requestId: `incident-${index}:contain` },
      ),
    );
    if (outcome.response.status !== 200)
      throw new Error(`containment failed: ${outcome.response.status_text}`);
    toContained.push(performance.now() - started);
    toRequest.push(requestSentAt - started);
  }
  toRequest.sort((a, b) => a - b);
  toContained.sort((a, b) => a - b);
  console.table([
    {
      span: 'dispatch → containment request sent (ms)',
      p50: percentile(toRequest, 50),
      p99: percentile(toRequest, 99),
    },
    {
      span: 'dispatch → host contained, polled (ms)',
      p50: percentile(toContained, 50),
      p99: percentile(toContained, 99),
    },
  ]);
  await falcon.close();
  await simulator.close();
}
console.log(JSON.stringify({ node: process.version, rssMb: megabytes(process.memoryUsage().rss) }));
