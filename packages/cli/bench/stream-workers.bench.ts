/**
 * Detection workers on a Redis stream: events per second through 1, 2 and 3 `openmdr worker
 * detect` processes over the same 50,000 OCSF events (31 SigmaHQ rules, 2 correlations grouped
 * by host, 12 partitions), per-worker CPU and peak RSS, and the consumer lag sampled while the
 * events arrive as one burst — against a floor measured in the same run: one process running
 * the same stage in-process over the same events, without Redis.
 *
 * Two phases per worker count: a backlog (the workers are paused with SIGSTOP while every event
 * is appended, then resumed: events/s and CPU of draining it), then a burst (the same events
 * appended to a second tenant by one writer while the workers run: lag + pending sampled).
 *
 * Needs `redis-server` on the PATH: starts its own on a free port and stops it.
 *
 *   npx tsx --conditions=@openmdr/source packages/cli/bench/stream-workers.bench.ts
 *
 * Options (environment): OPENMDR_BENCH_EVENTS (default 50000), OPENMDR_BENCH_WORKERS (default
 * "1,2,3"), OPENMDR_BENCH_REDIS_PORT (default: a free port).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import type { EventStream, JsonValue, StreamRecord } from '@openmdr/core';
import { detectionPartitionKey } from '@openmdr/detections';
import { loadDetectionStage } from '../src/stream/load-detection-stage.js';
import { openEventStream } from '../src/stream/open-stream.js';
import { type CliProcess, spawnCli, until } from '../test/support/cli-process.js';
import {
  STREAM_CORRELATIONS_FILE,
  STREAM_RULES_DIR,
  streamEvents,
} from '../test/support/stream-events.js';

const COUNT = Number(process.env['OPENMDR_BENCH_EVENTS'] ?? 50_000);
const WORKER_COUNTS = (process.env['OPENMDR_BENCH_WORKERS'] ?? '1,2,3').split(',').map(Number);
const PARTITIONS = 12;
const TENANT = 'bench';
const BURST_TENANT = 'burst';
const RULES = [STREAM_RULES_DIR, STREAM_CORRELATIONS_FILE];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** CPU time (user + system, ms) of a process, from /proc. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks (USER_HZ 100)
}

/** Peak resident set size (bytes) of a process, from /proc. */
function peakRss(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

/** The floor: the same stage, in this process, over the same events, in batches of 500. */
async function floor(events: readonly Record<string, JsonValue>[]) {
  const { stage } = await loadDetectionStage({ rules: RULES });
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let findings = 0;
  let state = stage.initialState();
  for (let start = 0; start < events.length; start += 500) {
    const entries = events.slice(start, start + 500).map((data, index) => ({
      id: `${start + index + 1}-0`,
      partition: 0,
      key: '',
      data,
      appendedAt: 0,
      deliveries: 1,
    }));
    // The JSON round trip a worker's store does on every batch.
    const step = stage.step(stage.restore(JSON.parse(JSON.stringify(state))), entries, {
      tenant: TENANT as never,
      partition: 0,
    });
    state = step.state;
    findings += step.outputs.length;
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, findings };
}

interface WorkerRun {
  readonly workers: number;
  /** Draining a backlog of every event: wall time, CPU per worker. */
  readonly drainMs: number;
  readonly cpuMs: readonly number[];
  /** CPU of redis-server while the backlog drained. */
  readonly redisCpuMs: number;
  readonly rss: readonly number[];
  /** The same events appended as one burst while the workers run: wall time to drain. */
  readonly burstMs: number;
  readonly appendMs: number;
  readonly maxLag: number;
  readonly lagSamples: readonly number[];
}

/** Lag plus pending of a tenant's stream, summed over its partitions. */
async function backlog(stream: EventStream, tenant: string): Promise<number> {
  const metrics = await stream.metrics(tenant, 'detect');
  return metrics.reduce((sum, partition) => sum + partition.lag + partition.pending, 0);
}

async function append(stream: EventStream, tenant: string, records: readonly StreamRecord[]) {
  const started = performance.now();
  for (let start = 0; start < records.length; start += 1_000)
    await stream.append(tenant, records.slice(start, start + 1_000));
  return performance.now() - started;
}

async function workersRun(
  url: string,
  redisPid: number,
  workers: number,
  events: readonly Record<string, JsonValue>[],
): Promise<WorkerRun> {
  const name = `bench-${workers}`;
  const storeUrl = `${url}?prefix=bench-${workers}`;
  const stream = openEventStream({ url, name, partitions: PARTITIONS });
  const records: StreamRecord[] = events.map((data) => ({
    key: detectionPartitionKey(data),
    data,
  }));
  const processes: CliProcess[] = [];
  for (let index = 0; index < workers; index++) {
    processes.push(
      spawnCli([
        'worker',
        'detect',
        '--stream',
        url,
        '--stream-name',
        name,
        '--partitions',
        `${PARTITIONS}`,
        '--store',
        storeUrl,
        '--tenant',
        `${TENANT},${BURST_TENANT}`,
        '--rules',
        ...RULES,
        '--consumer',
        `w${index + 1}`,
        '--lease-ms',
        '15000',
        '--claim-idle-ms',
        '15000',
        '--block-ms',
        '100',
      ]),
    );
  }
  // Every worker has loaded its rules and joined the group.
  await until(
    () => processes.every((worker) => worker.stderr.some((line) => line.includes(' in group '))),
    'the workers to start',
    120_000,
  );
  // The partitions of both tenants are dealt among all the workers.
  await until(
    async () => {
      for (const tenant of [TENANT, BURST_TENANT]) {
        const owners = (await stream.metrics(tenant, 'detect')).map((partition) => partition.owner);
        if (owners.some((owner) => owner === undefined) || new Set(owners).size !== workers)
          return false;
      }
      return true;
    },
    'the partitions to be dealt among the workers',
    120_000,
    200,
  );
  // 1. A backlog: the workers are paused (SIGSTOP) while every event is appended, then resumed.
  for (const worker of processes) worker.child.kill('SIGSTOP');
  await append(stream, TENANT, records);
  const cpuBefore = processes.map((worker) => cpuMs(worker.pid));
  const redisBefore = cpuMs(redisPid);
  const drainStart = performance.now();
  for (const worker of processes) worker.child.kill('SIGCONT');
  await until(
    async () => (await backlog(stream, TENANT)) === 0,
    'the backlog to drain',
    600_000,
    20,
  );
  const drainMs = performance.now() - drainStart;
  const cpu = processes.map((worker, index) => cpuMs(worker.pid) - (cpuBefore[index] ?? 0));
  const redisCpuMs = cpuMs(redisPid) - redisBefore;
  // 2. A burst: the same events appended as fast as one writer can while the workers run.
  const lagSamples: number[] = [];
  let maxLag = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const lag = await backlog(stream, BURST_TENANT);
      lagSamples.push(lag);
      maxLag = Math.max(maxLag, lag);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const burstStart = performance.now();
  const appendMs = await append(stream, BURST_TENANT, records);
  await until(
    async () => (await backlog(stream, BURST_TENANT)) === 0,
    'the burst to drain',
    600_000,
    20,
  );
  const burstMs = performance.now() - burstStart;
  sampling = false;
  await sampler;
  const rss = processes.map((worker) => peakRss(worker.pid));
  for (const worker of processes) worker.child.kill('SIGTERM');
  await Promise.all(processes.map((worker) => worker.exited));
  await stream.close();
  return { workers, drainMs, cpuMs: cpu, redisCpuMs, rss, burstMs, appendMs, maxLag, lagSamples };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const port = Number(process.env['OPENMDR_BENCH_REDIS_PORT'] ?? (await freePort()));
  const redis = spawn('redis-server', ['--port', `${port}`, '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}/0`;
  try {
    await until(async () => {
      try {
        const probe = openEventStream({ url, name: 'probe', partitions: 1 });
        await probe.metrics('probe', 'probe');
        await probe.close();
        return true;
      } catch {
        return false;
      }
    }, 'redis-server to start');
    const events = [...streamEvents({ count: COUNT })];
    const base = await floor(events);
    const floorRate = (COUNT / base.wallMs) * 1000;
    console.log(
      `stream workers: ${availableParallelism()} cores, load average ${loadavg()
        .map((value) => value.toFixed(1))
        .join(
          ' ',
        )}; ${COUNT} OCSF events (Windows recordings, 24 hosts), 31 Sigma rules + 2 correlations, ${PARTITIONS} partitions, Redis ${url}, ${base.findings} findings`,
    );
    console.log(
      `floor: the stage in-process, no Redis: ${base.wallMs.toFixed(0)} ms, ${floorRate.toFixed(0)} events/s, ${((base.cpuMs / COUNT) * 1000).toFixed(1)} µs CPU/event`,
    );
    console.log(
      '| workers | backlog events/s | × floor | CPU per worker (ms) | redis-server CPU (ms) | CPU µs/event (all workers) | peak RSS per worker | burst: append | burst: drained | burst: max lag+pending |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const workers of WORKER_COUNTS) {
      const run = await workersRun(url, redis.pid as number, workers, events);
      const rate = (COUNT / run.drainMs) * 1000;
      const totalCpu = run.cpuMs.reduce((sum, value) => sum + value, 0);
      console.log(
        `| ${workers} | ${rate.toFixed(0)} | ${(rate / floorRate).toFixed(2)} | ${run.cpuMs.map((value) => value.toFixed(0)).join(' / ')} | ${run.redisCpuMs.toFixed(0)} | ${((totalCpu / COUNT) * 1000).toFixed(1)} | ${run.rss.map(mb).join(' / ')} | ${run.appendMs.toFixed(0)} ms | ${run.burstMs.toFixed(0)} ms | ${run.maxLag} |`,
      );
      console.log(
        `  burst, ${workers} worker${workers === 1 ? '' : 's'}: lag+pending every ~250 ms: ${run.lagSamples.join(' ')}`,
      );
    }
  } finally {
    redis.kill('SIGTERM');
  }
}

await main();
