import { validateOcsfEvent } from '@openmdr/core';
import { expect } from 'vitest';
import type { NormalizedEvent } from '../connector/define-connector.js';
import { readPath } from '../pagination/json-path.js';
import type { DataConformanceCase } from './conformance-cases.js';
import {
  dataRequests,
  expectedIds,
  expectNoDuplicates,
  idsOf,
} from './conformance-expectations.js';
import type { StreamConformanceContext } from './conformance-options.js';

/** The suite's body of each case about a stream's data. */
export const dataCaseBodies: {
  readonly [Case in DataConformanceCase]: <Stream extends string>(
    context: StreamConformanceContext<Stream>,
  ) => Promise<void>;
} = {
  'read-basic': async ({ start, stream, spec: { dataset } }) => {
    const h = await start();
    const instance = await h.connect();
    const { records, batches } = await h.readAll(instance, stream);
    expect(
      dataRequests(h.simulator).length,
      'fixtures must span several pages, so faults land mid-pagination',
    ).toBeGreaterThanOrEqual(2);
    const ids = idsOf(dataset, records);
    expectNoDuplicates(ids);
    expect([...ids].sort()).toEqual(expectedIds(dataset, h.simulator));
    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches) expect(() => JSON.stringify(batch.state)).not.toThrow();
  },

  'read-resume': async ({ start, stream, spec: { dataset } }) => {
    const h = await start();
    const delivered: string[] = [];
    let state: unknown;
    // crash and restart right after every batch that delivered records: a fresh instance
    // resumes from the last committed state (batches re-read inside the look-back are empty)
    for (let round = 0; round < 200; round += 1) {
      const instance = await h.connect();
      let progressed = false;
      for await (const batch of instance.read(stream, state)) {
        state = JSON.parse(JSON.stringify(batch.state));
        if (batch.records.length > 0) {
          delivered.push(...idsOf(dataset, batch.records));
          progressed = true;
          break;
        }
      }
      if (!progressed) break;
    }
    expectNoDuplicates(delivered);
    expect([...delivered].sort()).toEqual(expectedIds(dataset, h.simulator));
  },

  'read-incremental': async ({ start, stream, spec: { dataset } }) => {
    const h = await start();
    const first = await h.readAll(await h.connect(), stream);
    const base = h.simulator.now();
    const added = ['incremental-1', 'incremental-2', 'incremental-3'];
    added.forEach((id, index) => {
      h.simulator.addRecord(dataset.path, dataset.record(id, base - 3_000 + index * 1_000));
    });
    const second = await h.readAll(
      await h.connect(),
      stream,
      JSON.parse(JSON.stringify(first.state)),
    );
    expect(idsOf(dataset, second.records).sort()).toEqual(added);
    const third = await h.readAll(await h.connect(), stream, second.state);
    expect(idsOf(dataset, third.records)).toEqual([]);
  },

  'ocsf-strict': async ({ start, stream, spec }) => {
    const h = await start();
    const instance = await h.connect();
    const { records } = await h.readAll(instance, stream);
    expect(records.length).toBeGreaterThan(0);
    expect(instance.manifest.streams[stream]?.ocsfClasses.length ?? 0).toBeGreaterThan(0);
    const batch = instance.normalizeBatch(stream, records);
    expect(batch.deadLetters.map((letter) => letter.error.message)).toEqual([]);
    for (const event of batch.events as NormalizedEvent[]) {
      const result = validateOcsfEvent(event, { mode: 'strict' });
      expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
      expect(result.ok).toBe(true);
      if (spec.classUids)
        expect(spec.classUids, `class_uid ${event.class_uid} not declared`).toContain(
          event.class_uid,
        );
    }
  },

  'fault-late-event': async ({ start, stream, spec: { dataset } }) => {
    const h = await start();
    const first = await h.readAll(await h.connect(), stream);
    const watermark = Math.max(
      ...h.simulator.records(dataset.path).map((record) => {
        const value = readPath(record, dataset.timeField);
        return typeof value === 'number' ? value : Date.parse(String(value));
      }),
    );
    const late = dataset.record('late-1', watermark - Math.floor(dataset.lookbackMs / 2));
    h.simulator.addRecord(dataset.path, late);
    const second = await h.readAll(await h.connect(), stream, first.state);
    expect(idsOf(dataset, second.records)).toEqual(['late-1']);
    const all = [...idsOf(dataset, first.records), ...idsOf(dataset, second.records)];
    expectNoDuplicates(all);
    expect(all.sort()).toEqual(expectedIds(dataset, h.simulator));
  },
};
