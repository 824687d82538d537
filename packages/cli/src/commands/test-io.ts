/**
 * The standard streams of a CLI test: stdin fed from a string, stdout and stderr captured, and
 * JSON-lines output parsed.
 *
 * @module
 */
import { PassThrough } from 'node:stream';

/** Captured streams for `main(args, io)`. */
export function testIo(input = '') {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(input);
  return {
    io: {
      stdin,
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
    },
    /** Everything written to stdout. */
    out: () => stdout,
    /** The JSON lines of `text` (default: stdout). */
    lines: (text = stdout) =>
      text
        .trim()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    /** Everything written to stderr. */
    err: () => stderr,
  };
}
