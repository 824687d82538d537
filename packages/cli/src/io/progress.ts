/**
 * A progress line on standard error for long work: rules loaded, events processed, events per
 * second, and the time left when the size of the input is known. Written only to a terminal.
 *
 * @module
 */

/** Where progress goes: standard error, a terminal when `isTTY` is true. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Progress of one command run; every method is a no-op when progress is off. */
export interface Progress {
  /** Whether anything is written (standard error is a terminal and not `--quiet`). */
  readonly enabled: boolean;
  /** Says what is under way (`loading rules`), redrawn at once. */
  phase(text: string): void;
  /** The number of rules loaded, redrawn at once. */
  rules(count: number): void;
  /** The size of the input in bytes, when known: the line then shows a percentage and an ETA. */
  total(bytes: number): void;
  /** Counts events processed and input bytes read. */
  advance(events: number, bytes?: number): void;
  /** Clears the line (call once, at the end). */
  done(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** The line's prefix, e.g. `openmdr sigma match`. */
  readonly label: string;
  /** Off with `--quiet`. */
  readonly quiet?: boolean;
  /** Milliseconds since some origin; `performance.now` by default. */
  readonly now?: () => number;
  /** Least milliseconds between two redraws; default 250 (at most four a second). */
  readonly interval?: number;
}

const off: Progress = {
  enabled: false,
  phase: () => undefined,
  rules: () => undefined,
  total: () => undefined,
  advance: () => undefined,
  done: () => undefined,
};

/** `1,234,567`. */
const count = (value: number): string => Math.round(value).toLocaleString('en-US');

/** `1:05` or `1:02:03`. */
function duration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

/**
 * A progress reporter on `stream`: it draws one line, rewritten in place with `\r`, at most once
 * per `interval` (phases, the rule count and the first events at once), and clears it in {@link Progress.done}.
 * When `stream` is not a terminal (`isTTY` not true) or `quiet` is set, it writes nothing.
 */
export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  if (stream.isTTY !== true || options.quiet === true) return off;
  const now = options.now ?? (() => performance.now());
  const interval = options.interval ?? 250;
  let phase: string | undefined;
  let rules: number | undefined;
  let totalBytes: number | undefined;
  let events = 0;
  let bytes = 0;
  let started: number | undefined;
  let drawn = Number.NEGATIVE_INFINITY;
  let width = 0;
  let finished = false;
  const draw = (): void => {
    const at = now();
    drawn = at;
    const parts: string[] = [];
    if (phase !== undefined) parts.push(phase);
    if (rules !== undefined) parts.push(`${count(rules)} rules`);
    if (started !== undefined) {
      const seconds = (at - started) / 1000;
      parts.push(`${count(events)} events`);
      if (seconds > 0) parts.push(`${count(events / seconds)} events/s`);
      if (totalBytes !== undefined && totalBytes > 0) {
        const share = Math.min(1, bytes / totalBytes);
        parts.push(`${Math.floor(share * 100)}%`);
        if (share > 0 && seconds > 0)
          parts.push(`ETA ${duration((seconds / share) * (1 - share))}`);
      }
    }
    const line = `${options.label}: ${parts.join(' · ')}`;
    stream.write(`\r${line.padEnd(width)}`);
    width = line.length;
  };
  return {
    enabled: true,
    phase(text) {
      if (finished) return;
      phase = text;
      draw();
    },
    rules(value) {
      if (finished) return;
      rules = value;
      phase = undefined;
      draw();
    },
    total(value) {
      totalBytes = value;
    },
    advance(value, read = 0) {
      if (finished) return;
      const first = started === undefined;
      if (first) {
        started = now();
        phase = undefined;
      }
      events += value;
      bytes += read;
      if (first || now() - drawn >= interval) draw();
    },
    done() {
      if (finished) return;
      finished = true;
      if (width > 0) stream.write(`\r${' '.repeat(width)}\r`);
    },
  };
}
