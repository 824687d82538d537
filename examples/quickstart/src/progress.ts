/** Progress lines with the time since the start of the run. */
export interface Progress {
  /** A line: `[  1.2s] ✔ text`. */
  step(mark: string, text: string): void;
  /** An indented detail line under the last step. */
  detail(text: string): void;
  /** Seconds since the start. */
  elapsed(): number;
}

/** Writes progress to `write` (default: stdout), or nowhere when `quiet`. */
export function createProgress(
  options: { quiet?: boolean; write?: (line: string) => void } = {},
): Progress {
  const started = performance.now();
  const write = options.quiet ? () => {} : (options.write ?? ((line: string) => console.log(line)));
  const elapsed = () => (performance.now() - started) / 1000;
  return {
    step(mark, text) {
      write(`[${elapsed().toFixed(1).padStart(5)}s] ${mark} ${text}`);
    },
    detail(text) {
      write(`          ${text}`);
    },
    elapsed,
  };
}
