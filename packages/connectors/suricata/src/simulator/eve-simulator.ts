import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  appendFile,
  copyFile,
  mkdir,
  readFile,
  rename,
  truncate,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import { startLogWriterTimers } from '@openmdr/connector-kit/simulator';
import { SURICATA_SAMPLE_RECORDS, type SuricataSampleEventType } from './samples.js';

const gzip = promisify(gzipCallback);

/** How the simulator rotates `eve.json`, as logrotate does for Suricata. */
export interface EveRotationOptions {
  /** Rotate this often, ms; absent: only `rotate()` rotates. */
  everyMs?: number;
  /**
   * `rename` (the default): `eve.json` is renamed to `eve.json-<YYYYMMDD-HHMMSS>` and Suricata,
   * told to reopen (SIGHUP), starts a new `eve.json`. `copytruncate`: the file is copied to that
   * name and then truncated in place.
   */
  mode?: 'rename' | 'copytruncate';
  /** Compress the rotated file to `eve.json-<date>.gz` (logrotate `compress`). Default false. */
  gzip?: boolean;
}

/** Options of {@link startSuricataEveSimulator}. */
export interface SuricataEveSimulatorOptions {
  /** The directory written (created if missing). */
  dir: string;
  /** The EVE file name. Default `eve.json`. */
  file?: string;
  /** The event types written, in turn. Default `alert`, `flow`, `dns`, `http`, `tls`. */
  eventTypes?: readonly SuricataSampleEventType[];
  /** Records written per second by the timer; 0 writes only on `write()`. Default 10. */
  recordsPerSecond?: number;
  /** How often the timer writes, ms. Default 100. */
  tickMs?: number;
  /** Rotation. */
  rotate?: EveRotationOptions;
  /** The records to draw from, by event type. Default: the package's fixtures. */
  records?: Partial<Record<SuricataSampleEventType, readonly JsonRecord[]>>;
  /** Called with each record once its whole line is in the file. */
  onWrite?: (record: JsonRecord) => void;
  /** The clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** A running EVE writer. */
export interface SuricataEveSimulator {
  /** The EVE file being written. */
  readonly path: string;
  /** Lines written completely so far. */
  readonly written: number;
  /** Writes `count` records now; resolves with the lines written. */
  write(count?: number): Promise<number>;
  /**
   * Writes the first part of the next record without its newline, as a writer caught mid-line;
   * the next write (or rotation, or stop) completes it.
   */
  writePartialLine(): Promise<void>;
  /** Rotates the file now (nothing when it is empty); resolves with the rotated file's path. */
  rotate(): Promise<string | undefined>;
  /** Stops the timers and completes a partial line. */
  stop(): Promise<void>;
}

/** EVE's timestamp: local time with microseconds and a `+hhmm` offset; here UTC (`+0000`). */
export function eveTimestamp(epochMs: number, micros = 0): string {
  const iso = new Date(epochMs).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(micros % 1_000).padStart(3, '0')}`;
  return `${iso.slice(0, 19)}.${fraction}+0000`;
}

/** Epoch ms of an EVE timestamp (`2024-03-01T12:00:00.123456-0400`), NaN when malformed. */
function eveMs(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  const match = /^(.{19})(?:\.(\d{1,6}))?([+-]\d{2})(\d{2})$/.exec(value);
  if (!match) return Number.NaN;
  const [, base, fraction = '0', hours, minutes] = match;
  return Date.parse(`${base}.${fraction.padEnd(3, '0').slice(0, 3)}${hours}:${minutes}`);
}

/** `YYYYMMDD-HHMMSS` (UTC), logrotate's `dateext` with `dateformat -%Y%m%d-%H%M%S`. */
const dateext = (epochMs: number): string => {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
};

/** A fresh flow id: a positive integer below 2^53, as EVE consumers in JavaScript can hold it. */
const flowId = (): number => randomInt(1, 2 ** 47) * 64 + randomInt(0, 64);

/** Moves the times of a `flow` / `netflow` section to end at `endMs`, keeping its length. */
function shiftSection(section: unknown, endMs: number): unknown {
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return section;
  const record = section as JsonRecord;
  if (typeof record['start'] !== 'string' || typeof record['end'] !== 'string') return section;
  const length = eveMs(record['end']) - eveMs(record['start']);
  const span = Number.isFinite(length) && length >= 0 ? length : 0;
  return { ...record, start: eveTimestamp(endMs - span), end: eveTimestamp(endMs) };
}

/**
 * Starts writing Suricata EVE JSON into `<dir>/eve.json`: realistic records (the package's
 * fixtures, one event type after another, with a fresh `timestamp` and `flow_id` and the
 * `flow` / `netflow` times moved to now) at `recordsPerSecond`, rotated as logrotate does for
 * Suricata — renamed (Suricata reopens its file) or copied and truncated, optionally gzipped.
 * Read it with the Suricata connector (`paths: '<dir>/eve.json*'`).
 *
 * @example
 * ```ts
 * const eve = await startSuricataEveSimulator({ dir: '/tmp/suricata', rotate: { everyMs: 60_000, mode: 'copytruncate' } });
 * const instance = await suricataConnector.connect({ config: { paths: '/tmp/suricata/eve.json*' } });
 * for await (const batch of instance.read('eve')) { … }
 * await eve.stop();
 * ```
 */
export async function startSuricataEveSimulator(
  options: SuricataEveSimulatorOptions,
): Promise<SuricataEveSimulator> {
  const { dir } = options;
  const name = options.file ?? 'eve.json';
  const path = join(dir, name);
  const eventTypes = options.eventTypes ?? (['alert', 'flow', 'dns', 'http', 'tls'] as const);
  const now = options.now ?? Date.now;
  const samples = eventTypes.map((type) => {
    const records = options.records?.[type] ?? SURICATA_SAMPLE_RECORDS[type];
    if (records.length === 0) throw new Error(`no sample records of event type ${type}`);
    return records;
  });
  let next = 0;
  let lastMicros = 0;
  let written = 0;
  let partial: { rest: string; record: JsonRecord } | undefined;
  let failure: unknown;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch((error: unknown) => {
      failure ??= error;
    });
    return result;
  };

  /** The next record: the next event type's next sample, timed after the last one. */
  const nextRecord = (): JsonRecord => {
    const records = samples[next % samples.length] as readonly JsonRecord[];
    const sample = records[Math.floor(next / samples.length) % records.length] as JsonRecord;
    next += 1;
    const micros = Math.max(now() * 1_000, lastMicros + 1);
    lastMicros = micros;
    const ms = Math.floor(micros / 1_000);
    const record: JsonRecord = { ...sample, timestamp: eveTimestamp(ms, micros % 1_000) };
    if (typeof sample['flow_id'] === 'number') record['flow_id'] = flowId();
    if (sample['flow'] !== undefined) record['flow'] = shiftSection(sample['flow'], ms);
    if (sample['netflow'] !== undefined) record['netflow'] = shiftSection(sample['netflow'], ms);
    return record;
  };
  const completePartial = async (): Promise<void> => {
    if (!partial) return;
    const { rest, record } = partial;
    partial = undefined;
    await appendFile(path, rest);
    written += 1;
    options.onWrite?.(record);
  };
  const writeRecords = async (count: number): Promise<number> => {
    await completePartial();
    if (count <= 0) return 0;
    const records = Array.from({ length: count }, nextRecord);
    await appendFile(path, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    written += count;
    for (const record of records) options.onWrite?.(record);
    return count;
  };
  const rotateNow = async (): Promise<string | undefined> => {
    await completePartial();
    if (!existsSync(path)) return undefined;
    if ((await readFile(path)).length === 0) return undefined;
    let rotated = join(dir, `${name}-${dateext(now())}`);
    for (let n = 1; existsSync(rotated) || existsSync(`${rotated}.gz`); n += 1) {
      rotated = join(dir, `${name}-${dateext(now())}-${n}`);
    }
    if (options.rotate?.mode === 'copytruncate') {
      await copyFile(path, rotated);
      await truncate(path, 0);
    } else {
      await rename(path, rotated);
    }
    if (!options.rotate?.gzip) return rotated;
    const hidden = join(dir, `.${name}.${process.pid}.gz.tmp`);
    await writeFile(hidden, await gzip(await readFile(rotated)));
    await rename(hidden, `${rotated}.gz`);
    await unlink(rotated);
    return `${rotated}.gz`;
  };

  await mkdir(dir, { recursive: true });
  const timers = startLogWriterTimers({
    recordsPerSecond: options.recordsPerSecond ?? 10,
    tickMs: options.tickMs,
    rotateEveryMs: options.rotate?.everyMs,
    write: async (count) => {
      await serial(() => writeRecords(count));
    },
    rotate: async () => {
      await serial(rotateNow);
    },
    now,
  });

  return {
    path,
    get written() {
      return written;
    },
    write: (count = 1) => serial(() => writeRecords(count)),
    writePartialLine: () =>
      serial(async () => {
        await completePartial();
        const record = nextRecord();
        const line = `${JSON.stringify(record)}\n`;
        const cut = Math.max(1, Math.floor(line.length / 2));
        await appendFile(path, line.slice(0, cut));
        partial = { rest: line.slice(cut), record };
      }),
    rotate: () => serial(rotateNow),
    stop: async () => {
      timers.stop();
      await serial(completePartial);
      if (failure !== undefined) throw failure;
    },
  };
}
