import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileLine, VersionedState } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import { afterEach, describe, expect, it } from 'vitest';
import { zeekConnector } from '../index.js';
import { type ZeekLog, zeekStreamId } from '../zeek-log.js';
import { startZeekLogSimulator, type ZeekLogSimulator } from './index.js';

let dir = '';
let simulator: ZeekLogSimulator | undefined;
afterEach(async () => {
  await simulator?.stop().catch(() => undefined);
  simulator = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** Reads `log` from `logDir` with the connector until the tail's end, from `state`. */
async function readPass(log: ZeekLog, state: VersionedState | undefined) {
  const instance = await zeekConnector.connect({ config: { logDir: dir } });
  const lines: FileLine[] = [];
  let next = state;
  for await (const batch of instance.read(zeekStreamId(log), state)) {
    lines.push(...(batch.records as FileLine[]));
    next = batch.state;
  }
  const { events, deadLetters } = instance.normalizeBatch(zeekStreamId(log), lines);
  await instance.close();
  return { lines, events: events.length, deadLetters, state: next };
}

describe('startZeekLogSimulator', () => {
  for (const format of ['json', 'tsv'] as const) {
    it(`${format}: the connector reads every line once across rotations, gzip and a partial line`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'openmdr-zeek-sim-'));
      const written: string[] = [];
      simulator = await startZeekLogSimulator({
        dir,
        logs: ['conn', 'dns'],
        format,
        recordsPerSecond: 0,
        rotate: { gzip: format === 'tsv' },
        onWrite: (log, record) => {
          if (log === 'conn') written.push(String(record['uid']));
        },
      });
      const read: string[] = [];
      let state: VersionedState | undefined;
      const pass = async () => {
        const result = await readPass('conn', state);
        expect(result.deadLetters).toEqual([]);
        expect(result.events).toBe(result.lines.length);
        state = result.state;
        for (const line of result.lines) {
          const record =
            format === 'json'
              ? (JSON.parse(line.text) as JsonRecord)
              : { uid: line.text.split('\t')[1] };
          read.push(String(record['uid']));
        }
      };
      await simulator.write(5);
      await pass();
      await simulator.write(4);
      await simulator.writePartialLine('conn');
      await pass();
      expect(read).toEqual(written);
      await simulator.rotate();
      await simulator.write(3);
      await pass();
      await simulator.write(2);
      await simulator.rotate();
      await simulator.write(2);
      await simulator.stop();
      await pass();
      expect(read).toEqual(written);
      expect(new Set(read).size).toBe(read.length);
      expect(written).toHaveLength(17);

      const names = readdirSync(dir).sort();
      expect(names).toContain('conn.log');
      if (format === 'tsv') {
        expect(
          names.filter((name) =>
            /^conn\.\d\d:\d\d:\d\d-\d\d:\d\d:\d\d(?:-\d+)?\.log\.gz$/.test(name),
          ),
        ).toHaveLength(2);
        const current = readFileSync(join(dir, 'conn.log'), 'utf8').split('\n');
        expect(current[0]).toBe('#separator \\x09');
        expect(current[4]).toBe('#path\tconn');
        expect(current.at(-2)).toMatch(/^#close\t\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$/);
      } else {
        expect(
          names.filter((name) => /^conn\.\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d(?:-\d+)?\.log$/.test(name)),
        ).toHaveLength(2);
      }
    });
  }

  it('writes on a timer and rotates while the connector reads, without loss or repeat', async () => {
    dir = mkdtempSync(join(tmpdir(), 'openmdr-zeek-sim-'));
    const written: string[] = [];
    simulator = await startZeekLogSimulator({
      dir,
      logs: ['conn'],
      format: 'tsv',
      recordsPerSecond: 400,
      tickMs: 10,
      // no gzip on timers: a .gz written on the inode of a rotated file deleted between two
      // reads is taken for that plain file by the kit's tail (its checkpoint keeps gzip: false);
      // the gzip rotations are covered between reads above
      rotate: { everyMs: 120 },
      onWrite: (_log, record) => written.push(String(record['uid'])),
    });
    const read: string[] = [];
    let state: VersionedState | undefined;
    for (let round = 0; round < 8; round += 1) {
      const result = await readPass('conn', state);
      expect(result.deadLetters).toEqual([]);
      state = result.state;
      read.push(...result.lines.map((line) => line.text.split('\t')[1] ?? ''));
      await sleep(40);
    }
    await simulator.stop();
    const last = await readPass('conn', state);
    read.push(...last.lines.map((line) => line.text.split('\t')[1] ?? ''));
    expect(written.length).toBeGreaterThan(50);
    expect(readdirSync(dir).filter((name) => name !== 'conn.log').length).toBeGreaterThan(0);
    expect(new Set(read).size).toBe(read.length);
    expect(read.sort()).toEqual([...written].sort());
  });

  it('normalises what it writes for every log it has samples of', async () => {
    dir = mkdtempSync(join(tmpdir(), 'openmdr-zeek-sim-'));
    const logs = ['ssl', 'notice', 'files', 'x509', 'smtp', 'dhcp'] as const;
    simulator = await startZeekLogSimulator({ dir, logs, format: 'tsv', recordsPerSecond: 0 });
    await simulator.write(6);
    await simulator.stop();
    for (const log of logs) {
      const result = await readPass(log, undefined);
      expect(result.deadLetters, log).toEqual([]);
      expect(result.lines, log).toHaveLength(6);
    }
  });

  it('rotates a current file left by an earlier run before writing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'openmdr-zeek-sim-'));
    writeFileSync(join(dir, 'conn.log'), '{"ts":1,"uid":"Cold"}\n');
    simulator = await startZeekLogSimulator({ dir, logs: ['conn'], recordsPerSecond: 0 });
    await simulator.write(1);
    await simulator.stop();
    expect(readdirSync(dir)).toHaveLength(2);
    expect(readFileSync(join(dir, 'conn.log'), 'utf8')).not.toContain('Cold');
  });
});
