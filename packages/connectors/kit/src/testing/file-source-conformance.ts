import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { VersionedState } from '../state/stream-state.js';

/** Options of {@link describeFileSourceConformance}. */
export interface FileSourceConformanceOptions<Record> {
  /** Names the suite. */
  name: string;
  /**
   * One read of the source under test over the files matching `glob` (always
   * `<temporary directory>/app.log*`), from a committed `state` (undefined on a first run), to
   * the files' current end: a connector stream's `read` with its paths set to `glob`, or
   * `tailFiles`. Each call is a new process: nothing may be kept from an earlier call.
   */
  read(
    glob: string,
    state: VersionedState | undefined,
  ): AsyncIterable<{ readonly records: readonly Record[]; readonly state: VersionedState }>;
  /** The text of log line number `n`, without its newline, as the sensor writes it. */
  line(n: number): string;
  /** The line number a record was read from (the inverse of `line`). */
  numberOf(record: Record): number;
}

/** A run: what it delivered and the states it committed. */
interface RunResult {
  numbers: number[];
  states: VersionedState[];
  /** Records per batch. */
  sizes: number[];
}

/** A log directory the cases rotate, and a reader that commits the state after each batch. */
class Harness<Record> {
  readonly dir = mkdtempSync(join(tmpdir(), 'openmdr-file-source-'));
  readonly glob = join(this.dir, 'app.log*');
  /** Every number delivered, in order, over all runs. */
  readonly delivered: number[] = [];
  /** The state committed last. */
  committed: VersionedState | undefined;
  #clock = 1_700_000_000;

  constructor(readonly options: FileSourceConformanceOptions<Record>) {}

  path(name: string): string {
    return join(this.dir, name);
  }

  lines(from: number, to: number): string {
    let text = '';
    for (let n = from; n < to; n += 1) text += `${this.options.line(n)}\n`;
    return text;
  }

  /** Appends lines `[from, to)` to a file, and gives it a modification time after all others. */
  append(name: string, from: number, to: number, tail = ''): void {
    appendFileSync(this.path(name), this.lines(from, to) + tail);
    this.touch(name);
  }

  /** Sets a file's modification time after every file touched before (orders the files). */
  touch(name: string): void {
    this.#clock += 10;
    utimesSync(this.path(name), this.#clock, this.#clock);
  }

  rename(from: string, to: string): void {
    renameSync(this.path(from), this.path(to));
  }

  /** Compresses a file as logrotate does: `<name>.gz` written, then the original removed. */
  gzip(from: string, to: string): void {
    writeFileSync(this.path(to), gzipSync(readFileSync(this.path(from))));
    this.touch(to);
    unlinkSync(this.path(from));
  }

  copyTruncate(from: string, to: string): void {
    copyFileSync(this.path(from), this.path(to));
    this.touch(to);
    truncateSync(this.path(from), 0);
    this.touch(from);
  }

  /**
   * Reads from the committed state, committing each batch's state; `during(i)` runs after
   * batch `i` (to rotate while the read is under way); `stopAfter` batches simulates a crash.
   */
  async run(
    options: {
      during?: (batch: number) => void;
      stopAfter?: number;
      from?: VersionedState | undefined;
    } = {},
  ): Promise<RunResult> {
    const result: RunResult = { numbers: [], states: [], sizes: [] };
    let index = 0;
    const from = 'from' in options ? options.from : this.committed;
    for await (const batch of this.options.read(this.glob, from)) {
      const numbers = batch.records.map((record) => this.options.numberOf(record));
      result.numbers.push(...numbers);
      result.sizes.push(numbers.length);
      result.states.push(JSON.parse(JSON.stringify(batch.state)) as VersionedState);
      if (!('from' in options)) {
        this.delivered.push(...numbers);
        this.committed = result.states.at(-1);
      }
      options.during?.(index);
      index += 1;
      if (options.stopAfter !== undefined && index >= options.stopAfter) break;
    }
    expect(index, 'a read yields at least one batch').toBeGreaterThan(0);
    return result;
  }

  /** Every number of `[from, to)` delivered exactly once, and nothing else. */
  expectExactly(from: number, to: number, numbers: readonly number[] = this.delivered): void {
    const counts = new Map<number, number>();
    for (const n of numbers) counts.set(n, (counts.get(n) ?? 0) + 1);
    const repeated = [...counts].filter(([, count]) => count > 1).map(([n]) => n);
    expect(repeated, 'lines delivered twice').toEqual([]);
    const expected = Array.from({ length: to - from }, (_, i) => from + i);
    expect([...numbers].sort((a, b) => a - b)).toEqual(expected);
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The file-source conformance suite: real files in a temporary directory, rotated while the
 * source reads them (rename, copy-truncate, gzip), truncated, extended with a partial line,
 * joined by new files, read again from every committed state. Each case checks that every
 * line is delivered exactly once when each batch's state is committed. Run it on any source
 * built on `tailFiles` (the Zeek and Suricata connectors' streams) under vitest.
 *
 * Lines of at least 64 bytes make copies recognisable by their content from the first line.
 */
export function describeFileSourceConformance<Record>(
  options: FileSourceConformanceOptions<Record>,
): void {
  describe(`${options.name}: file source conformance`, () => {
    const harnesses: Harness<Record>[] = [];
    const harness = (): Harness<Record> => {
      const created = new Harness(options);
      harnesses.push(created);
      return created;
    };
    afterEach(() => {
      for (const created of harnesses.splice(0)) created.close();
    });

    it('reads every line once across runs, appended lines included', async () => {
      const logs = harness();
      logs.append('app.log', 0, 300);
      await logs.run();
      logs.append('app.log', 300, 450);
      await logs.run();
      const idle = await logs.run();
      expect(idle.numbers).toEqual([]);
      logs.expectExactly(0, 450);
    });

    it('keeps a partial last line until its newline arrives', async () => {
      const logs = harness();
      const partial = options.line(10);
      logs.append('app.log', 0, 10, partial.slice(0, 20));
      await logs.run();
      logs.expectExactly(0, 10);
      appendFileSync(logs.path('app.log'), `${partial.slice(20)}\n`);
      logs.append('app.log', 11, 12);
      await logs.run();
      logs.expectExactly(0, 12);
    });

    it('survives rotation by rename while it reads', async () => {
      const logs = harness();
      logs.append('app.log', 0, 5_000);
      await logs.run({
        during: (batch) => {
          if (batch !== 0) return;
          logs.rename('app.log', 'app.log.1');
          // The writer finishes the old file before it reopens the new one.
          logs.append('app.log.1', 5_000, 5_010);
          logs.append('app.log', 5_010, 5_100);
        },
      });
      await logs.run();
      logs.expectExactly(0, 5_100);
    });

    it('survives rotation by rename between runs, with several generations', async () => {
      const logs = harness();
      logs.append('app.log', 0, 100);
      await logs.run();
      logs.append('app.log', 100, 150);
      logs.rename('app.log', 'app.log.1');
      logs.append('app.log', 150, 200);
      logs.append('app.log', 200, 210);
      logs.rename('app.log.1', 'app.log.2');
      logs.rename('app.log', 'app.log.1');
      logs.append('app.log', 210, 260);
      await logs.run();
      logs.expectExactly(0, 260);
    });

    it('survives copy-truncate rotation', async () => {
      const logs = harness();
      logs.append('app.log', 0, 200);
      await logs.run();
      logs.append('app.log', 200, 260);
      logs.copyTruncate('app.log', 'app.log.1');
      logs.append('app.log', 260, 300);
      await logs.run();
      logs.append('app.log', 300, 310);
      await logs.run();
      logs.expectExactly(0, 310);
    });

    it('survives truncation in place', async () => {
      const logs = harness();
      logs.append('app.log', 0, 100);
      await logs.run();
      truncateSync(logs.path('app.log'), 0);
      logs.append('app.log', 100, 120);
      await logs.run();
      logs.expectExactly(0, 120);
    });

    it('reads a file rewritten past its old length from its start', async () => {
      const logs = harness();
      logs.append('app.log', 0, 20);
      await logs.run();
      writeFileSync(logs.path('app.log'), logs.lines(20, 200));
      logs.touch('app.log');
      await logs.run();
      logs.expectExactly(0, 200);
    });

    it('finishes a rotated file from its gzip after a restart, and reads no gzip twice', async () => {
      const logs = harness();
      logs.append('app.log', 0, 200);
      await logs.run();
      logs.append('app.log', 200, 230);
      logs.rename('app.log', 'app.log.1');
      logs.gzip('app.log.1', 'app.log.1.gz');
      logs.append('app.log', 230, 260);
      await logs.run();
      logs.expectExactly(0, 260);
      writeFileSync(logs.path('app.log.9.gz'), gzipSync(logs.lines(1_000, 1_050)));
      logs.touch('app.log.9.gz');
      await logs.run();
      const again = await logs.run();
      expect(again.numbers).toEqual([]);
      logs.expectExactly(
        0,
        260,
        logs.delivered.filter((n) => n < 1_000),
      );
      logs.expectExactly(
        1_000,
        1_050,
        logs.delivered.filter((n) => n >= 1_000),
      );
    });

    it('resumes from every committed state with no gap and no duplicate', async () => {
      const logs = harness();
      writeFileSync(logs.path('app.log.2.gz'), gzipSync(logs.lines(0, 1_500)));
      logs.touch('app.log.2.gz');
      logs.append('app.log.1', 1_500, 3_000);
      logs.append('app.log', 3_000, 4_500, options.line(4_500).slice(0, 10));
      const full = await logs.run({ from: undefined });
      logs.expectExactly(0, 4_500, full.numbers);
      expect(full.states.length, 'several batches').toBeGreaterThan(1);
      let upTo = 0;
      for (const [index, state] of full.states.entries()) {
        upTo += full.sizes[index] ?? 0;
        const restarted = await logs.run({ from: state });
        logs.expectExactly(0, 4_500, [...full.numbers.slice(0, upTo), ...restarted.numbers]);
      }
    });

    it('resumes after a crash mid-read and a rotation while it was down', async () => {
      const logs = harness();
      logs.append('app.log', 0, 5_000);
      await logs.run({ stopAfter: 1 });
      logs.append('app.log', 5_000, 5_020);
      logs.rename('app.log', 'app.log.1');
      logs.append('app.log', 5_020, 5_050);
      await logs.run();
      logs.expectExactly(0, 5_050);
    });

    it('picks up files that appear later and reads many files by glob', async () => {
      const logs = harness();
      logs.append('app.log', 0, 10);
      await logs.run();
      for (let file = 1; file <= 30; file += 1)
        logs.append(`app.log.${file}`, file * 100, file * 100 + 20);
      await logs.run();
      const expected = [
        ...Array.from({ length: 10 }, (_, i) => i),
        ...Array.from({ length: 30 }, (_, f) =>
          Array.from({ length: 20 }, (_, i) => (f + 1) * 100 + i),
        ).flat(),
      ];
      expect([...logs.delivered].sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    });
  });
}
