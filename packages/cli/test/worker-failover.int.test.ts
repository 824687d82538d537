/**
 * The "done when" of issue 21 on real Redis: three `openmdr worker detect` processes share one
 * tenant's stream of 50,000 OCSF events with correlation rules active; one is killed with
 * SIGKILL mid-run; afterwards every event was processed, no finding is duplicated, and the
 * findings equal those of a single-process run over the same events.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JsonValue, openStore, parseStoreLocation, type StreamEntry } from '@openmdr/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDetectionStage } from '../src/stream/load-detection-stage.js';
import { openEventStream } from '../src/stream/open-stream.js';
import { type CliProcess, spawnCli, until } from './support/cli-process.js';
import {
  STREAM_CORRELATIONS_FILE,
  STREAM_RULES_DIR,
  streamEvents,
} from './support/stream-events.js';

const REDIS = process.env['OPENMDR_TEST_REDIS_URL'];
const EVENTS = 50_000;
const PARTITIONS = 12;
const TENANT = 'acme';

/** Finding uid → the finding as JSON text, from one in-process sequential run. */
async function singleProcessRun(events: readonly Record<string, JsonValue>[]) {
  const { stage, problems } = await loadDetectionStage({
    rules: [STREAM_RULES_DIR, STREAM_CORRELATIONS_FILE],
  });
  expect(problems).toEqual([]);
  let state = stage.initialState();
  const findings = new Map<string, string>();
  for (let start = 0; start < events.length; start += 500) {
    const entries: StreamEntry[] = events.slice(start, start + 500).map((data, index) => ({
      id: `${start + index + 1}-0`,
      partition: 0,
      key: '',
      data,
      appendedAt: 0,
      deliveries: 1,
    }));
    const step = stage.step(state, entries, { tenant: TENANT as never, partition: 0 });
    state = step.state;
    for (const output of step.outputs) {
      expect(findings.has(output.key)).toBe(false);
      findings.set(output.key, JSON.stringify(output.data));
    }
  }
  return findings;
}

describe.skipIf(REDIS === undefined)('openmdr worker detect: 3 processes, one killed', () => {
  const directory = mkdtempSync(join(tmpdir(), 'openmdr-workers-'));
  const workers: CliProcess[] = [];
  afterAll(() => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('processes every event once and finds what one process finds', async () => {
    const url = REDIS as string;
    const run = randomUUID().slice(0, 8);
    const streamName = `failover-${run}`;
    const storeUrl = `${url}${url.includes('?') ? '&' : '?'}prefix=failover-${run}`;
    const events = [...streamEvents({ count: EVENTS })];
    const expected = await singleProcessRun(events);
    const kinds = new Map<string, number>();
    for (const text of expected.values()) {
      const info = (
        JSON.parse(text) as { finding_info: { types: string[]; analytic: { uid: string } } }
      ).finding_info;
      const kind = info.types[0] === 'Sigma' ? 'Sigma' : info.analytic.uid;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    // Not vacuous: Sigma rules and both correlations (event_count, value_count) fire often.
    expect(kinds.get('Sigma')).toBeGreaterThan(1_000);
    expect(kinds.get('5c0d3b6e-21d0-4e7a-9a11-000000000001')).toBeGreaterThan(100); // event_count
    expect(kinds.get('5c0d3b6e-21d0-4e7a-9a11-000000000002')).toBeGreaterThan(50); // value_count

    const file = join(directory, 'events.jsonl');
    writeFileSync(file, `${events.map((event) => JSON.stringify(event)).join('\n')}\n`);
    const common = ['--stream', url, '--stream-name', streamName, '--partitions', `${PARTITIONS}`];
    const append = spawnCli(['stream', 'append', ...common, '--tenant', TENANT, file]);
    expect(await append.exited, append.stderr.join('\n')).toBe(0);

    const worker = (name: string, extra: string[] = []) => {
      const child = spawnCli([
        'worker',
        'detect',
        ...common,
        '--store',
        storeUrl,
        '--tenant',
        TENANT,
        '--rules',
        STREAM_RULES_DIR,
        STREAM_CORRELATIONS_FILE,
        '--consumer',
        name,
        '--batch',
        '250',
        '--claim-idle-ms',
        '1000',
        '--lease-ms',
        '1000',
        '--block-ms',
        '200',
        ...extra,
      ]);
      workers.push(child);
      return child;
    };
    const victim = worker('w1', ['--print-findings']);
    const survivors = [worker('w2'), worker('w3')];
    // SIGKILL once the victim has written findings of several batches (so it acknowledged some).
    await until(() => victim.stdout.length >= 60, 'the first worker to write findings');
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    const killedAt = survivors.map((survivor) => survivor.stderr.length);

    const stream = openEventStream({ url, name: streamName, partitions: PARTITIONS });
    try {
      await until(
        async () => {
          const metrics = await stream.metrics(TENANT, 'detect');
          return metrics.every((partition) => partition.lag === 0 && partition.pending === 0);
        },
        'lag and pending to reach 0',
        50_000,
        200,
      );
      const metrics = await stream.metrics(TENANT, 'detect');
      expect(metrics.reduce((sum, partition) => sum + partition.length, 0)).toBe(EVENTS);
    } finally {
      await stream.close();
    }
    for (const survivor of survivors) survivor.child.kill('SIGTERM');
    for (const survivor of survivors)
      expect(await survivor.exited, survivor.stderr.join('\n')).toBe(0);
    // The victim had applied and acknowledged some batches: the survivors applied the rest.
    const applied = survivors.map((survivor) => {
      const stop = survivor.stderr.find((line) => line.includes(': stopped: '));
      return Number(/ batches, (\d+) events/.exec(stop ?? '')?.[1]);
    });
    const byVictim = EVENTS - (applied[0] ?? 0) - (applied[1] ?? 0);
    expect(byVictim).toBeGreaterThan(0);
    expect(byVictim).toBeLessThan(EVENTS);
    // The survivors took over the victim's partitions.
    const takenOver = survivors.flatMap((survivor, index) =>
      survivor.stderr
        .slice(killedAt[index])
        .filter((line) => line.startsWith('{"kind":"partition"'))
        .map((line) => JSON.parse(line) as { change: string }),
    );
    expect(takenOver.some((change) => change.change !== 'released')).toBe(true);

    const store = await openStore(parseStoreLocation(storeUrl));
    try {
      const written = await store.forTenant(TENANT).log.read<JsonValue>('detect.outputs');
      const actual = new Map<string, string>();
      for (const entry of written) {
        const uid = (entry.data as { finding_info: { uid: string } }).finding_info.uid;
        expect(actual.has(uid), `finding ${uid} written twice`).toBe(false);
        actual.set(uid, JSON.stringify(entry.data));
      }
      expect(actual.size).toBe(written.length);
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [uid, text] of expected) expect(actual.get(uid), uid).toBe(text);
    } finally {
      await store.close();
    }
  });
});
