import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connectorManifestSchema,
  type FileLine,
  type VersionedState,
} from '@openmdr/connector-kit';
import {
  type ConformanceCase,
  conformanceCases,
  describeConnectorConformance,
  describeFileSourceConformance,
  skipConformanceCases,
} from '@openmdr/connector-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ZEEK_LOGS, zeekConnector, zeekStreamId } from './index.js';

// The kit's connector conformance suite runs its connector-level cases (manifest, config schema,
// check with good and bad configs, actions). Its per-stream cases drive a vendor API simulator
// over HTTP (pagination, resume, 429/5xx faults, token refresh); Zeek has no API — its streams
// tail files — so those are skipped here and the kit's file-source suite (rotation by rename and
// copy-truncate, truncation, gzip, restarts without gap or repeat) runs on the stream's own
// `read` instead, with the normalisation checks below.

const HTTP_ONLY =
  'HTTP-simulator case; Zeek streams tail files: see the file-source suite in this file';
const connectorCases: readonly ConformanceCase[] = [
  'manifest',
  'config-schema',
  'check-good',
  'check-bad',
  'actions',
];

describeConnectorConformance({
  name: 'zeek',
  create: () => zeekConnector,
  simulator: () => ({}),
  config: () => ({ logDir: '/nonexistent/zeek/logs' }),
  secrets: {},
  badConfigs: () => [
    { name: 'no log directory', config: {}, code: 'CONNECTOR_CONFIG' },
    { name: 'empty log directory', config: { logDir: '' }, code: 'CONNECTOR_CONFIG' },
    {
      name: 'batchLines out of range',
      config: { logDir: '/var/log/zeek', batchLines: 0 },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    conn: {
      dataset: {
        path: '/unused',
        idField: 'uid',
        timeField: 'ts',
        lookbackMs: 0,
        record: (id, time) => ({ uid: id, ts: time / 1000 }),
      },
      classUids: [4001],
    },
  },
  overrides: skipConformanceCases(
    conformanceCases.filter((name) => !connectorCases.includes(name)) as Exclude<
      ConformanceCase,
      (typeof connectorCases)[number]
    >[],
    HTTP_ONLY,
  ),
  capabilities: { tokenRefresh: false },
});

const connect = (paths: Record<string, string>, logDir = '/nonexistent') =>
  zeekConnector.connect({ config: { logDir, paths } });

async function* readStream(log: 'conn' | 'dns', glob: string, state: VersionedState | undefined) {
  const instance = await connect({ [log]: glob });
  yield* instance.read(log, state);
}

const connLine = (n: number): string =>
  JSON.stringify({
    ts: 1_764_979_200 + n / 1000,
    uid: `C${n}`,
    'id.orig_h': '192.0.2.10',
    'id.orig_p': 49_152 + (n % 10_000),
    'id.resp_h': '198.51.100.5',
    'id.resp_p': 443,
    proto: 'tcp',
    conn_state: 'SF',
  });

describeFileSourceConformance({
  name: 'zeek conn stream (JSON lines)',
  read: (glob, state) => readStream('conn', glob, state),
  line: connLine,
  numberOf: (record: FileLine) => Number((JSON.parse(record.text) as { uid: string }).uid.slice(1)),
});

describe('zeek connector', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('has a valid manifest with one file-tail stream per log', () => {
    const { manifest } = zeekConnector;
    expect(connectorManifestSchema.safeParse(manifest).success).toBe(true);
    expect(Object.keys(manifest.streams).sort()).toEqual(ZEEK_LOGS.map(zeekStreamId).sort());
    expect(Object.keys(manifest.actions)).toEqual([]);
  });

  it('rejects a config without logDir, and checks without touching the network', async () => {
    await expect(zeekConnector.connect({ config: {} })).rejects.toMatchObject({
      code: 'CONNECTOR_CONFIG',
    });
    const instance = await connect({});
    await expect(instance.check()).resolves.not.toThrow();
  });

  it('reads TSV files with their header, drops #close, and normalises every line', async () => {
    dir = mkdtempSync(join(tmpdir(), 'openmdr-zeek-'));
    for (const log of ['conn', 'dns', 'http', 'ssl', 'notice']) {
      copyFileSync(new URL(`./__fixtures__/${log}.log`, import.meta.url), join(dir, `${log}.log`));
    }
    const instance = await connect({}, dir);
    for (const log of ['conn', 'dns', 'http', 'ssl', 'notice'] as const) {
      const lines: FileLine[] = [];
      for await (const batch of instance.read(log, undefined))
        lines.push(...(batch.records as FileLine[]));
      expect(lines.length, log).toBeGreaterThanOrEqual(15);
      expect(
        lines.some((line) => line.text.startsWith('#')),
        log,
      ).toBe(false);
      const { events, deadLetters } = instance.normalizeBatch(log, lines);
      expect(deadLetters, log).toEqual([]);
      expect(events).toHaveLength(lines.length);
    }
  });
});
