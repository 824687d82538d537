/**
 * Throughput of the tailing file source against a floor measured in the same run:
 *
 *   pnpm --filter @openmdr/connector-kit bench
 *   (or, in packages/connectors/kit: tsx --conditions=@openmdr/source bench/tail.bench.ts)
 *
 * Generates a ~200 MB log of Zeek-conn-like JSON lines (~330 bytes) in a temporary directory,
 * then reads it, alternating, with `fs.createReadStream` + splitting lines on `\n` into strings
 * (the floor: what any line reader must do), with `FileHandle.read` into one reused buffer +
 * the same split (the tail's I/O pattern, bare) and with `tailFiles` in one-shot mode (identity,
 * fingerprint, offsets, batches with a state). Reports MB/s and lines/s (best and median of
 * the rounds) and the peak RSS and heap used during each reader. A gzip-rotated slice is read
 * both ways too. `TAIL_BENCH_MB` and `TAIL_BENCH_ROUNDS` change the size and the rounds.
 */
import {
  createReadStream,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createGunzip, gzipSync } from 'node:zlib';
import { tailFiles } from '../src/files/index.js';

const TARGET_MB = Number(process.env.TAIL_BENCH_MB ?? 200);
const ROUNDS = Number(process.env.TAIL_BENCH_ROUNDS ?? 7);
const GZIP_MB = Math.min(50, TARGET_MB);
const MB = 1024 * 1024;

function connLine(n: number): string {
  const ts = 1_767_225_600 + n / 1000;
  return JSON.stringify({
    ts,
    uid: `C${n.toString(36).padStart(17, 'x')}`,
    'id.orig_h': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    'id.orig_p': 49_152 + (n % 16_000),
    'id.resp_h': `198.51.100.${n % 250}`,
    'id.resp_p': 443,
    proto: 'tcp',
    service: 'ssl',
    duration: (n % 1000) / 7,
    orig_bytes: n % 9_000,
    resp_bytes: (n * 7) % 90_000,
    conn_state: 'SF',
    local_orig: true,
    local_resp: false,
    missed_bytes: 0,
    history: 'ShADadFf',
    orig_pkts: 12,
    orig_ip_bytes: 1_420,
    resp_pkts: 10,
    resp_ip_bytes: 9_876,
    community_id: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
  });
}

/** Writes lines until the file reaches `megabytes`; returns the number of lines. */
function generate(path: string, megabytes: number): number {
  const fd = openSync(path, 'w');
  let written = 0;
  let n = 0;
  while (written < megabytes * MB) {
    let block = '';
    for (let i = 0; i < 2_000; i += 1) block += `${connLine(n++)}\n`;
    written += writeSync(fd, block);
  }
  return n;
}

interface Measure {
  seconds: number;
  lines: number;
  peakRss: number;
  peakHeap: number;
}

/** Tracks the peak RSS and heap while a reader runs (sampled at each chunk or batch). */
function memoryProbe(): { sample(): void; peaks(): { rss: number; heap: number } } {
  let rss = 0;
  let heap = 0;
  return {
    sample() {
      const usage = process.memoryUsage();
      if (usage.rss > rss) rss = usage.rss;
      if (usage.heapUsed > heap) heap = usage.heapUsed;
    },
    peaks: () => ({ rss, heap }),
  };
}

/**
 * Splits a chunk into line strings on `\n`: the line cut by the previous chunk (`carry`) is
 * completed first, the cut one at the end is copied out for the next.
 */
function splitLines(
  chunk: Buffer,
  carry: Buffer | undefined,
): { lines: number; chars: number; carry: Buffer | undefined } {
  let lines = 0;
  let chars = 0;
  let from = 0;
  let newline = chunk.indexOf(10);
  if (carry) {
    if (newline < 0) return { lines, chars, carry: Buffer.concat([carry, chunk]) };
    chars += Buffer.concat([carry, chunk.subarray(0, newline)]).toString('utf8').length;
    lines += 1;
    from = newline + 1;
    newline = chunk.indexOf(10, from);
  }
  while (newline >= 0) {
    chars += chunk.toString('utf8', from, newline).length;
    lines += 1;
    from = newline + 1;
    newline = chunk.indexOf(10, from);
  }
  return {
    lines,
    chars,
    carry: from < chunk.length ? Buffer.from(chunk.subarray(from)) : undefined,
  };
}

/** The floor: a read stream split into line strings, the partial line carried over. */
async function floor(path: string, gzip: boolean): Promise<Measure> {
  globalThis.gc?.();
  const probe = memoryProbe();
  const start = performance.now();
  let lines = 0;
  let carry: Buffer | undefined;
  let sink = 0;
  const raw = createReadStream(path, { highWaterMark: MB });
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: 256 * 1024 })) : raw;
  for await (const data of stream) {
    const chunk = data as Buffer;
    const split = splitLines(chunk, carry);
    lines += split.lines;
    sink += split.chars;
    carry = split.carry;
    probe.sample();
  }
  const seconds = (performance.now() - start) / 1000;
  if (sink === 0) throw new Error('nothing read');
  const { rss, heap } = probe.peaks();
  return { seconds, lines, peakRss: rss, peakHeap: heap };
}

/**
 * The minimal reader: `FileHandle.read` into one reused buffer, split into line strings (the
 * tail's own I/O pattern, without identity, fingerprint, offsets or batches).
 */
async function floorReused(path: string): Promise<Measure> {
  globalThis.gc?.();
  const probe = memoryProbe();
  const start = performance.now();
  let lines = 0;
  let sink = 0;
  const handle = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(MB);
  let carry: Buffer | undefined;
  let position = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, MB, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const split = splitLines(buffer.subarray(0, bytesRead), carry);
      lines += split.lines;
      sink += split.chars;
      carry = split.carry;
      probe.sample();
    }
  } finally {
    await handle.close();
  }
  const seconds = (performance.now() - start) / 1000;
  if (sink === 0) throw new Error('nothing read');
  const { rss, heap } = probe.peaks();
  return { seconds, lines, peakRss: rss, peakHeap: heap };
}

/** The tailing source, one-shot from no state. */
async function tail(path: string): Promise<Measure> {
  globalThis.gc?.();
  const probe = memoryProbe();
  const start = performance.now();
  let lines = 0;
  let sink = 0;
  for await (const batch of tailFiles({ glob: path, state: undefined })) {
    lines += batch.records.length;
    for (const record of batch.records) sink += record.text.length;
    probe.sample();
  }
  const seconds = (performance.now() - start) / 1000;
  if (sink === 0) throw new Error('nothing read');
  const { rss, heap } = probe.peaks();
  return { seconds, lines, peakRss: rss, peakHeap: heap };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function row(name: string, bytes: number, runs: Measure[]) {
  const mbs = runs.map((run) => bytes / MB / run.seconds);
  const lps = runs.map((run) => run.lines / run.seconds);
  return {
    reader: name,
    'MB/s best': Math.max(...mbs).toFixed(0),
    'MB/s median': median(mbs).toFixed(0),
    'lines/s median': Math.round(median(lps)).toLocaleString('en-US'),
    'peak RSS MB': (Math.max(...runs.map((run) => run.peakRss)) / MB).toFixed(0),
    'peak heap MB': (Math.max(...runs.map((run) => run.peakHeap)) / MB).toFixed(0),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'openmdr-tail-bench-'));
try {
  const plain = join(dir, 'conn.log');
  const generated = generate(plain, TARGET_MB);
  const bytes = statSync(plain).size;
  const gzipped = join(dir, 'conn.1.log.gz');
  const slice = join(dir, 'slice.log');
  generate(slice, GZIP_MB);
  await writeFile(gzipped, gzipSync(readFileSync(slice), { level: 6 }));
  const sliceBytes = statSync(slice).size;
  rmSync(slice);

  globalThis.gc?.();
  const baselineRss = process.memoryUsage().rss;
  // Warm the page cache and the JIT of the readers.
  await floor(plain, false);
  await tail(plain);
  await floorReused(plain);
  const floorRuns: Measure[] = [];
  const reusedRuns: Measure[] = [];
  const tailRuns: Measure[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    floorRuns.push(await floor(plain, false));
    reusedRuns.push(await floorReused(plain));
    tailRuns.push(await tail(plain));
  }
  const gzipFloor: Measure[] = [];
  const gzipTail: Measure[] = [];
  for (let round = 0; round < Math.max(1, ROUNDS - 1); round += 1) {
    gzipFloor.push(await floor(gzipped, true));
    gzipTail.push(await tail(gzipped));
  }
  for (const run of [...floorRuns, ...reusedRuns, ...tailRuns]) {
    if (run.lines !== generated) throw new Error(`read ${run.lines} lines of ${generated}`);
  }

  console.log(
    `$ TAIL_BENCH_MB=${TARGET_MB} TAIL_BENCH_ROUNDS=${ROUNDS} pnpm --filter @openmdr/connector-kit bench  # tsx --conditions=@openmdr/source bench/tail.bench.ts`,
  );
  console.log(
    `tail.bench: ${(bytes / MB).toFixed(0)} MB, ${generated.toLocaleString('en-US')} lines of ~${Math.round(bytes / generated)} bytes; ${ROUNDS} rounds; gzip slice ${(sliceBytes / MB).toFixed(0)} MB decompressed; RSS before reading ${(baselineRss / MB).toFixed(0)} MB`,
  );
  console.table([
    row('floor: createReadStream + split', bytes, floorRuns),
    row('floor: FileHandle.read, one buffer + split', bytes, reusedRuns),
    row('tailFiles (one-shot)', bytes, tailRuns),
    row('floor: createReadStream + gunzip + split', sliceBytes, gzipFloor),
    row('tailFiles on .gz (one-shot)', sliceBytes, gzipTail),
  ]);
  const time = (runs: Measure[]) => median(runs.map((run) => run.seconds));
  console.log(
    `tailFiles takes ${(time(tailRuns) / time(floorRuns)).toFixed(2)}× the createReadStream floor's time and ${(time(tailRuns) / time(reusedRuns)).toFixed(2)}× the one-buffer floor's (medians); node ${process.version}, ${process.platform}/${process.arch}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
