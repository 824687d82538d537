/** Options of {@link startLogWriterTimers}. */
export interface LogWriterTimerOptions {
  /** Records written per second on average; 0 writes only when asked. */
  readonly recordsPerSecond: number;
  /** How often the pace is checked, ms. Default 100 (at least 5). */
  readonly tickMs?: number | undefined;
  /** Rotate every this many ms; `undefined` or 0 never rotates on a timer. */
  readonly rotateEveryMs?: number | undefined;
  /** Writes `count` records (the writer queues it behind its other file operations). */
  readonly write: (count: number) => Promise<void>;
  /** Rotates the writer's files. */
  readonly rotate: () => Promise<void>;
  /** The time source, ms. Default `Date.now`. */
  readonly now?: () => number;
}

/** The running timers of a log writer. */
export interface LogWriterTimers {
  /** Clears the timers (what they started still completes). */
  stop(): void;
}

/**
 * The timers of a log-writing simulator (the Zeek and Suricata log writers): writes on a steady
 * pace — the records due since the start, caught up after a slow write rather than overlapped —
 * and rotates on an interval. The timers do not keep the process alive.
 *
 * @example
 * ```ts
 * const timers = startLogWriterTimers({
 *   recordsPerSecond: 10,
 *   rotateEveryMs: 60_000,
 *   write: (count) => serial(() => writeRecords(count)),
 *   rotate: () => serial(rotateFiles),
 * });
 * // …
 * timers.stop();
 * ```
 */
export function startLogWriterTimers(options: LogWriterTimerOptions): LogWriterTimers {
  const now = options.now ?? Date.now;
  const timers: NodeJS.Timeout[] = [];
  if (options.recordsPerSecond > 0) {
    const started = now();
    let written = 0;
    let busy = false;
    timers.push(
      setInterval(
        () => {
          const due = Math.floor(((now() - started) * options.recordsPerSecond) / 1_000) - written;
          if (due <= 0 || busy) return;
          busy = true;
          written += due;
          void options.write(due).finally(() => {
            busy = false;
          });
        },
        Math.max(5, options.tickMs ?? 100),
      ),
    );
  }
  const everyMs = options.rotateEveryMs;
  if (everyMs !== undefined && everyMs > 0)
    timers.push(setInterval(() => void options.rotate(), everyMs));
  for (const timer of timers) timer.unref();
  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
