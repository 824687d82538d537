import { appendFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as z from 'zod';
import { defineConnector } from '../connector/define-connector.js';
import type { VersionedState } from '../state/stream-state.js';
import { FILE_TAIL_STATE_VERSION } from './file-checkpoint.js';
import type { FileLine } from './file-tail-batch.js';
import { tailFiles } from './tail-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'openmdr-tail-connector-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sensor = defineConnector({
  manifest: {
    id: 'toy-sensor',
    vendor: 'Toy',
    product: 'Toy sensor logs',
    category: 'ndr',
    version: '1.0.0',
    auth: ['none'],
    regions: { local: { baseUrl: 'https://localhost.test' } },
    streams: {
      flows: {
        description: 'flow records from the sensor log files',
        cursor: 'offset',
        sortField: 'ts',
        dedupKey: 'uid',
        stateVersion: FILE_TAIL_STATE_VERSION,
        ocsfClasses: ['network_activity'],
        requiredPermissions: [],
      },
    },
    actions: {},
    rateLimit: { requests: 1, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/toy-sensor',
  },
  config: z.object({ paths: z.string() }),
  createClient: () => null,
  check: async () => {},
  streams: {
    flows: {
      // The whole read of a file-based stream.
      read: (session, state) =>
        tailFiles({ glob: session.config.paths, state, signal: session.signal }),
      normalize: (raw) => {
        const flow = JSON.parse((raw as FileLine).text) as { uid: string; ts: number };
        return { class_uid: 4001, time: flow.ts * 1000, metadata: { uid: flow.uid } };
      },
    },
  },
});

it('a connector stream reads log files through tailFiles, resuming from the committed state', async () => {
  const log = join(dir, 'flows.log');
  const line = (n: number) => `${JSON.stringify({ uid: `C${n}`, ts: 1_767_225_600 + n })}\n`;
  appendFileSync(log, line(1) + line(2));
  const instance = await sensor.connect({ config: { paths: join(dir, 'flows.log*') } });
  const uids = async (state: VersionedState | undefined) => {
    const seen: string[] = [];
    let last = state;
    for await (const batch of instance.read('flows', state)) {
      for (const raw of batch.records) {
        for (const event of [instance.normalize('flows', raw)].flat())
          seen.push((event.metadata as { uid: string }).uid);
      }
      last = batch.state;
    }
    return { seen, last };
  };
  const first = await uids(undefined);
  expect(first.seen).toEqual(['C1', 'C2']);
  expect(first.last?.version).toBe(FILE_TAIL_STATE_VERSION);
  appendFileSync(log, line(3));
  renameSync(log, `${log}.1`);
  appendFileSync(log, line(4));
  const second = await uids(JSON.parse(JSON.stringify(first.last)) as VersionedState);
  expect(second.seen).toEqual(['C3', 'C4']);
});
