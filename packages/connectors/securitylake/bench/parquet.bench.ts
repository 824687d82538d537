/**
 * Security Lake Parquet write throughput, against a floor measured in the same run:
 *
 *   pnpm --filter @openmdr/connector-securitylake bench
 *   (or, in packages/connectors/securitylake: tsx --conditions=@openmdr/source bench/parquet.bench.ts)
 *
 * - write: `writeSecurityLake` of 20 000 OCSF 1.8.0 events (the golden `*.ocsf.json` events of
 *   every connector, read as files, with distinct times over two days and distinct uids) to a
 *   local directory: down-conversion to OCSF 1.1.0, one zstd Parquet object per class and day
 *   (DuckDB), Security Lake layout. Floor: the same events as NDJSON (`JSON.stringify` per
 *   event) written with one `fs.writeFile`.
 * - read: `readSecurityLake` of the objects written (every event, oldest first); floor:
 *   `JSON.parse` of the NDJSON file read with `fs.readFile`.
 *
 * MB/s is over the NDJSON size of the input events. A case and its floor run alternately, a
 * warm-up round each, then the median of `ROUNDS` rounds, each into a fresh temporary directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BenchComparison,
  compareWithFloor,
  printComparisons,
} from '@openmdr/connector-kit/bench';
import { localDirectorySink, readSecurityLake, writeSecurityLake } from '../src/index.js';

const ROUNDS = 3;
const COUNT = 20_000;
const BASE_MS = Date.parse('2026-03-01T12:00:00Z');
const STEP_MS = Math.floor((2 * 86_400_000) / COUNT);
const OPTIONS = { sourceName: 'openmdr-bench', region: 'eu-west-1', accountId: '123456789012' };

type OcsfEvent = Record<string, unknown>;

const connectorsDir = new URL('../../', import.meta.url).pathname;
const golden: OcsfEvent[] = [];
for (const pkg of readdirSync(connectorsDir).sort()) {
  if (pkg === 'securitylake') continue;
  const fixtures = join(connectorsDir, pkg, 'src', '__fixtures__');
  let names: string[] = [];
  try {
    names = readdirSync(fixtures).filter((name) => name.endsWith('.ocsf.json'));
  } catch {
    continue;
  }
  for (const name of names.sort()) {
    const parsed = JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as unknown;
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
      if (typeof (item as OcsfEvent)?.['class_uid'] === 'number') golden.push(item as OcsfEvent);
    }
  }
}

/** The n-th event: a golden event with its own time and metadata uid. */
const events: OcsfEvent[] = Array.from({ length: COUNT }, (_, n) => {
  const base = golden[n % golden.length] as OcsfEvent;
  const metadata = (base['metadata'] ?? {}) as OcsfEvent;
  return { ...base, time: BASE_MS + n * STEP_MS, metadata: { ...metadata, uid: `bench-${n}` } };
});
const ndjson = events.map((event) => `${JSON.stringify(event)}\n`).join('');
const bytes = Buffer.byteLength(ndjson);

const freshDir = () => mkdtempSync(join(tmpdir(), 'securitylake-bench-'));
const remove = (dir: string) => rmSync(dir, { recursive: true, force: true });

const rows: BenchComparison[] = [];
rows.push(
  await compareWithFloor(
    COUNT,
    {
      name: 'floor: NDJSON with fs.writeFile',
      setup: freshDir,
      run: async (dir) => {
        await writeFile(
          join(dir, 'events.ndjson'),
          events.map((event) => `${JSON.stringify(event)}\n`).join(''),
        );
        return COUNT;
      },
      teardown: remove,
    },
    {
      name: 'write: Security Lake Parquet (zstd, OCSF 1.1)',
      setup: freshDir,
      run: async (dir) => {
        const { objects } = await writeSecurityLake(events, {
          ...OPTIONS,
          sink: localDirectorySink(dir),
        });
        return objects.reduce((sum, object) => sum + object.rows, 0);
      },
      teardown: remove,
    },
    { rounds: ROUNDS, bytes },
  ),
);

const lake = freshDir();
const summary = await writeSecurityLake(events, { ...OPTIONS, sink: localDirectorySink(lake) });
const stored = summary.objects.reduce((sum, object) => sum + object.rows, 0);
const parquetBytes = summary.objects.reduce((sum, object) => sum + object.bytes, 0);
const ndjsonDir = freshDir();
await writeFile(join(ndjsonDir, 'events.ndjson'), ndjson);
rows.push(
  await compareWithFloor(
    stored,
    {
      name: 'floor: NDJSON with fs.readFile + JSON.parse',
      setup: () => join(ndjsonDir, 'events.ndjson'),
      run: async (path) =>
        (await readFile(path, 'utf8'))
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as unknown).length,
    },
    {
      name: 'read: readSecurityLake (time order)',
      setup: () => lake,
      run: async (root) => {
        let count = 0;
        for await (const _event of readSecurityLake({ root })) count += 1;
        return count;
      },
    },
    { rounds: ROUNDS, bytes },
  ),
);
remove(lake);
remove(ndjsonDir);

printComparisons(
  'Amazon Security Lake Parquet',
  rows,
  `${COUNT} events, ${(bytes / 1024 / 1024).toFixed(1)} MB NDJSON → ${summary.objects.length} objects, ${(parquetBytes / 1024 / 1024).toFixed(1)} MB Parquet (${stored} events; ${summary.rejected.length} rejected)`,
);
