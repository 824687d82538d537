import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileLine, VersionedState } from '@openmdr/connector-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { suricataConnector } from '../index.js';
import {
  eveTimestamp,
  SURICATA_SAMPLE_EVENT_TYPES,
  type SuricataEveSimulator,
  startSuricataEveSimulator,
} from './index.js';

let dir = '';
let simulator: SuricataEveSimulator | undefined;
afterEach(async () => {
  await simulator?.stop().catch(() => undefined);
  simulator = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** One read of `<dir>/eve.json*` with the connector to the tail's end, normalised. */
async function readPass(state: VersionedState | undefined) {
  const instance = await suricataConnector.connect({ config: { paths: join(dir, 'eve.json*') } });
  const lines: FileLine[] = [];
  let next = state;
  for await (const batch of instance.read('eve', state)) {
    lines.push(...(batch.records as FileLine[]));
    next = batch.state;
  }
  const { events, deadLetters } = instance.normalizeBatch('eve', lines);
  await instance.close();
  const ids = lines.map((line) => String((JSON.parse(line.text) as { flow_id: number }).flow_id));
  return { lines, ids, events, deadLetters, state: next };
}

describe('startSuricataEveSimulator', () => {
  for (const mode of ['rename', 'copytruncate'] as const) {
    for (const gzip of [false, true]) {
      it(`${mode}${gzip ? ' + gzip' : ''}: the connector reads every record once`, async () => {
        dir = mkdtempSync(join(tmpdir(), 'openmdr-eve-sim-'));
        const written: string[] = [];
        simulator = await startSuricataEveSimulator({
          dir,
          recordsPerSecond: 0,
          rotate: { mode, gzip },
          onWrite: (record) => written.push(String(record['flow_id'])),
        });
        const read: string[] = [];
        let state: VersionedState | undefined;
        const pass = async () => {
          const result = await readPass(state);
          expect(result.deadLetters).toEqual([]);
          expect(result.events.length).toBe(result.lines.length);
          read.push(...result.ids);
          state = result.state;
        };
        await simulator.write(6);
        await pass();
        await simulator.write(3);
        await simulator.writePartialLine();
        await pass();
        expect(read).toEqual(written);
        expect(await simulator.rotate()).toMatch(
          gzip ? /eve\.json-\d{8}-\d{6}(?:-\d+)?\.gz$/ : /eve\.json-\d{8}-\d{6}(?:-\d+)?$/,
        );
        await simulator.write(4);
        await pass();
        await simulator.write(2);
        await simulator.rotate();
        await simulator.write(1);
        await simulator.stop();
        await pass();
        expect(written).toHaveLength(17);
        // no loss, no repeat; across files the tail gives no order (a copy is read after the
        // truncated file's new lines)
        expect(new Set(read).size).toBe(read.length);
        expect([...read].sort()).toEqual([...written].sort());
        expect(readdirSync(dir).filter((name) => name.startsWith('eve.json-'))).toHaveLength(2);
      });
    }
  }

  it('writes on a timer and rotates while the connector reads, without loss or repeat', async () => {
    dir = mkdtempSync(join(tmpdir(), 'openmdr-eve-sim-'));
    const written: string[] = [];
    simulator = await startSuricataEveSimulator({
      dir,
      recordsPerSecond: 400,
      tickMs: 10,
      // rename, as Suricata's packaged logrotate does: copy-truncate has a window in which a
      // reader reads the truncated file's new bytes from its old offset (see docs). No gzip on
      // timers: a .gz written on the inode of a rotated file deleted between two reads is taken
      // for that plain file by the kit's tail (its checkpoint keeps gzip: false); the gzip
      // rotations are covered between reads above.
      rotate: { everyMs: 120, mode: 'rename' },
      onWrite: (record) => written.push(String(record['flow_id'])),
    });
    const read: string[] = [];
    let state: VersionedState | undefined;
    for (let round = 0; round < 8; round += 1) {
      const result = await readPass(state);
      expect(result.deadLetters).toEqual([]);
      read.push(...result.ids);
      state = result.state;
      await sleep(40);
    }
    await simulator.stop();
    read.push(...(await readPass(state)).ids);
    expect(written.length).toBeGreaterThan(50);
    expect(readdirSync(dir).length).toBeGreaterThan(1);
    expect(new Set(read).size).toBe(read.length);
    expect(read.sort()).toEqual([...written].sort());
  });

  it('writes fresh, realistic records of every sampled event type', async () => {
    dir = mkdtempSync(join(tmpdir(), 'openmdr-eve-sim-'));
    const eventTypes = SURICATA_SAMPLE_EVENT_TYPES.filter((type) => type !== 'stats');
    simulator = await startSuricataEveSimulator({ dir, eventTypes, recordsPerSecond: 0 });
    const before = Date.now();
    await simulator.write(eventTypes.length * 2);
    await simulator.stop();
    const records = readFileSync(join(dir, 'eve.json'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record['event_type'])).toEqual([...eventTypes, ...eventTypes]);
    for (const record of records) {
      expect(record['timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+0000$/);
      expect(Date.parse(String(record['timestamp']).replace('+0000', 'Z'))).toBeGreaterThanOrEqual(
        before - 1,
      );
    }
    const { deadLetters, events } = await readPass(undefined);
    expect(deadLetters).toEqual([]);
    expect(events.length).toBeGreaterThanOrEqual(records.length);
    expect(eveTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 678), 9)).toBe(
      '2026-01-02T03:04:05.678009+0000',
    );
  });
});
