import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import { startLogWriterTimers } from '@openmdr/connector-kit/simulator';
import type { ZeekLog } from '../zeek-log.js';
import { ZEEK_SAMPLE_RECORDS } from './samples.js';
import {
  type ZeekTsvColumns,
  zeekDate,
  zeekTsvClose,
  zeekTsvColumns,
  zeekTsvHeader,
  zeekTsvLine,
} from './tsv-writer.js';

const gzip = promisify(gzipCallback);

/** How the simulator rotates its logs. */
export interface ZeekRotationOptions {
  /** Rotate every log this often, ms (Zeek's `Log::default_rotation_interval`). */
  everyMs?: number;
  /**
   * Compress rotated files as zeekctl archives them: `conn.log` is renamed to
   * `conn.<date>.log`, then replaced by `conn.<open>-<close>.log.gz`. Default false.
   */
  gzip?: boolean;
}

/** Options of {@link startZeekLogSimulator}. */
export interface ZeekLogSimulatorOptions {
  /** The log directory written (created if missing): `<dir>/<log>.log` and rotated files. */
  dir: string;
  /** The logs written. Default `conn`, `dns`, `http`, `ssl`, `notice`. */
  logs?: readonly ZeekLog[];
  /** JSON lines (`LogAscii::use_json=T`) or Zeek's TSV with its `#` header. Default `json`. */
  format?: 'json' | 'tsv';
  /** Records written per second to each log by the timer; 0 writes only on `write()`. Default 10. */
  recordsPerSecond?: number;
  /** How often the timer writes, ms. Default 100. */
  tickMs?: number;
  /** Rotation by time; absent: only `rotate()` rotates. */
  rotate?: ZeekRotationOptions;
  /** The records to draw from, by log. Default: the package's fixtures. */
  records?: Partial<Record<ZeekLog, readonly JsonRecord[]>>;
  /** Called with each record once its whole line is in the file. */
  onWrite?: (log: ZeekLog, record: JsonRecord) => void;
  /** The clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** A running Zeek log writer. */
export interface ZeekLogSimulator {
  /** The log directory. */
  readonly dir: string;
  /** Lines written completely so far, all logs. */
  readonly written: number;
  /** Writes `count` records to each log (or to `logs`) now; resolves with the lines written. */
  write(count?: number, logs?: readonly ZeekLog[]): Promise<number>;
  /**
   * Writes the first part of the next record of `log` without its newline, as a writer caught
   * mid-line; the next write (or rotation, or stop) of that log completes it.
   */
  writePartialLine(log?: ZeekLog): Promise<void>;
  /** Rotates every log written since the last rotation now; resolves with the rotated files. */
  rotate(): Promise<string[]>;
  /** Stops the timers, completes partial lines and closes TSV files (`#close`), without rotating. */
  stop(): Promise<void>;
}

/** The state of one log's current file. */
interface LogFile {
  columns: ZeekTsvColumns | undefined;
  openedMs: number | undefined;
  next: number;
  lastTs: number;
  partial: string | undefined;
  partialRecord: JsonRecord | undefined;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Zeek-style unique id: `prefix` then 17 base-62 characters (`C…` connections, `F…` files). */
export function zeekUid(prefix: string): string {
  const bytes = randomBytes(17);
  let uid = prefix;
  for (const byte of bytes) uid += ALPHABET[byte % ALPHABET.length];
  return uid;
}

/** `HH:MM:SS` (UTC) of epoch ms, as zeekctl names archived logs. */
const clockTime = (epochMs: number): string => new Date(epochMs).toISOString().slice(11, 19);

/**
 * Starts writing Zeek logs into `dir`: realistic records (the package's fixtures with fresh
 * `ts`, `uid` and `fuid`) at `recordsPerSecond` per log, as JSON lines or TSV (`#separator` …
 * `#types` header at the top of each file, `#close` when the file is finished), rotated like
 * Zeek — the current `conn.log` renamed to `conn.<YYYY-MM-DD-HH-MM-SS>.log` and a new one
 * started; with `gzip`, archived as zeekctl does to `conn.<open>-<close>.log.gz`. A current file
 * left in `dir` by an earlier run is rotated first. Read the directory with the Zeek connector
 * (`logDir: dir`).
 *
 * @example
 * ```ts
 * const zeek = await startZeekLogSimulator({ dir: '/tmp/zeek', format: 'tsv', rotate: { everyMs: 60_000, gzip: true } });
 * const instance = await zeekConnector.connect({ config: { logDir: '/tmp/zeek' } });
 * for await (const batch of instance.read('conn')) { … }
 * await zeek.stop();
 * ```
 */
export async function startZeekLogSimulator(
  options: ZeekLogSimulatorOptions,
): Promise<ZeekLogSimulator> {
  const { dir } = options;
  const logs = options.logs ?? (['conn', 'dns', 'http', 'ssl', 'notice'] as const);
  const format = options.format ?? 'json';
  const now = options.now ?? Date.now;
  const samples = (log: ZeekLog): readonly JsonRecord[] => {
    const records = options.records?.[log] ?? ZEEK_SAMPLE_RECORDS[log];
    if (records.length === 0) throw new Error(`no sample records for the ${log} log`);
    return records;
  };
  const files = new Map<ZeekLog, LogFile>(
    logs.map((log) => [
      log,
      {
        columns: format === 'tsv' ? zeekTsvColumns(samples(log)) : undefined,
        openedMs: undefined,
        next: 0,
        lastTs: 0,
        partial: undefined,
        partialRecord: undefined,
      },
    ]),
  );
  let written = 0;
  let failure: unknown;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch((error: unknown) => {
      failure ??= error;
    });
    return result;
  };
  const pathOf = (log: ZeekLog) => join(dir, `${log}.log`);
  const state = (log: ZeekLog): LogFile => {
    const file = files.get(log);
    if (!file) throw new Error(`the simulator does not write the ${log} log`);
    return file;
  };

  /** The next record of `log`: a sample with fresh ids and a time after the last one. */
  const nextRecord = (log: ZeekLog, file: LogFile): JsonRecord => {
    const records = samples(log);
    const sample = records[file.next % records.length] as JsonRecord;
    file.next += 1;
    const ts = Math.max(now() / 1_000, file.lastTs + 0.000_001);
    file.lastTs = ts;
    const record: JsonRecord = { ...sample, ts: Math.round(ts * 1e6) / 1e6 };
    if (typeof sample['uid'] === 'string') record['uid'] = zeekUid('C');
    if (typeof sample['fuid'] === 'string') record['fuid'] = zeekUid('F');
    if (typeof sample['id'] === 'string' && log === 'x509') record['id'] = zeekUid('F');
    return record;
  };
  const lineOf = (record: JsonRecord, file: LogFile): string =>
    file.columns ? zeekTsvLine(record, file.columns) : `${JSON.stringify(record)}\n`;

  /** Appends `text` to the log's current file, opening it (TSV header) when needed. */
  const append = async (log: ZeekLog, file: LogFile, text: string): Promise<void> => {
    if (file.openedMs === undefined) {
      file.openedMs = now();
      if (file.columns) await appendFile(pathOf(log), zeekTsvHeader(log, file.columns, now()));
    }
    await appendFile(pathOf(log), text);
  };
  const completePartial = async (log: ZeekLog, file: LogFile): Promise<void> => {
    if (file.partial === undefined || !file.partialRecord) return;
    await appendFile(pathOf(log), file.partial);
    const record = file.partialRecord;
    file.partial = undefined;
    file.partialRecord = undefined;
    written += 1;
    options.onWrite?.(log, record);
  };
  const writeRecords = async (log: ZeekLog, count: number): Promise<number> => {
    const file = state(log);
    await completePartial(log, file);
    if (count <= 0) return 0;
    const records = Array.from({ length: count }, () => nextRecord(log, file));
    await append(log, file, records.map((record) => lineOf(record, file)).join(''));
    written += count;
    for (const record of records) options.onWrite?.(log, record);
    return count;
  };
  const rotateLog = async (log: ZeekLog): Promise<string | undefined> => {
    const file = state(log);
    await completePartial(log, file);
    if (file.openedMs === undefined) return undefined;
    const closedMs = now();
    if (file.columns) await appendFile(pathOf(log), zeekTsvClose(closedMs));
    const rotated = await rotateFile(dir, log, pathOf(log), file.openedMs, closedMs, options);
    file.openedMs = undefined;
    return rotated;
  };

  await mkdir(dir, { recursive: true });
  for (const log of logs) {
    if (existsSync(pathOf(log))) {
      await rotateFile(dir, log, pathOf(log), now(), now(), options);
    }
  }

  const timers = startLogWriterTimers({
    recordsPerSecond: options.recordsPerSecond ?? 10,
    tickMs: options.tickMs,
    rotateEveryMs: options.rotate?.everyMs,
    write: (count) =>
      serial(async () => {
        for (const log of logs) await writeRecords(log, count);
      }),
    rotate: () =>
      serial(async () => {
        for (const log of logs) await rotateLog(log);
      }),
    now,
  });

  return {
    dir,
    get written() {
      return written;
    },
    write: (count = 1, only = logs) =>
      serial(async () => {
        let total = 0;
        for (const log of only) total += await writeRecords(log, count);
        return total;
      }),
    writePartialLine: (log = logs[0] as ZeekLog) =>
      serial(async () => {
        const file = state(log);
        await completePartial(log, file);
        const record = nextRecord(log, file);
        const line = lineOf(record, file);
        const cut = Math.max(1, Math.floor(line.length / 2));
        await append(log, file, line.slice(0, cut));
        file.partial = line.slice(cut);
        file.partialRecord = record;
      }),
    rotate: () =>
      serial(async () => {
        const rotated: string[] = [];
        for (const log of logs) {
          const path = await rotateLog(log);
          if (path !== undefined) rotated.push(path);
        }
        return rotated;
      }),
    stop: async () => {
      timers.stop();
      await serial(async () => {
        for (const log of logs) {
          const file = state(log);
          await completePartial(log, file);
          if (file.columns && file.openedMs !== undefined) {
            await appendFile(pathOf(log), zeekTsvClose(now()));
            file.openedMs = undefined;
          }
        }
      });
      if (failure !== undefined) throw failure;
    },
  };
}

/**
 * Moves a finished log aside as Zeek does — `conn.<YYYY-MM-DD-HH-MM-SS>.log` — and, with
 * `gzip`, replaces it by `conn.<HH:MM:SS>-<HH:MM:SS>.log.gz`, written under a hidden name first so
 * that a reader never sees half a gzip file. Resolves with the final path.
 */
async function rotateFile(
  dir: string,
  log: ZeekLog,
  current: string,
  openedMs: number,
  closedMs: number,
  options: Pick<ZeekLogSimulatorOptions, 'rotate'>,
): Promise<string> {
  const free = (name: (suffix: string) => string): string => {
    for (let n = 0; ; n += 1) {
      const path = join(dir, name(n === 0 ? '' : `-${n}`));
      if (!existsSync(path)) return path;
    }
  };
  const renamed = free((suffix) => `${log}.${zeekDate(closedMs)}${suffix}.log`);
  await rename(current, renamed);
  if (!options.rotate?.gzip) return renamed;
  const archived = free(
    (suffix) => `${log}.${clockTime(openedMs)}-${clockTime(closedMs)}${suffix}.log.gz`,
  );
  const hidden = join(dir, `.${log}.${process.pid}.gz.tmp`);
  await writeFile(hidden, await gzip(await readFile(renamed)));
  await rename(hidden, archived);
  await unlink(renamed);
  return archived;
}
