/**
 * The `--threads N` option shared by the commands that process events in worker threads.
 *
 * @module
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { UsageError } from '../command.js';
import type { OptionSpec, ParsedArguments } from '../options.js';

/**
 * Input bytes per worker thread when `--threads` is not given: each worker loads and compiles
 * the rules itself (about a second for the SigmaHQ Windows rules), which a small input does not
 * earn back. Measured on 2 cores with 2,549 rules: 21 MB of Windows events ran faster on one
 * thread, 105 MB about even, 315 MB faster on two.
 */
export const BYTES_PER_THREAD = 64 * 1024 * 1024;

/**
 * The default `--threads` for an input: every core for standard input (its size is unknown),
 * else one thread per {@link BYTES_PER_THREAD} of the file, at least one, at most every core.
 */
export function defaultThreads(input?: string): number {
  const cores = availableParallelism();
  if (input === undefined || input === '-') return cores;
  let size: number;
  try {
    size = statSync(input).size;
  } catch {
    return cores; // unreadable: the command reports it when it opens the input
  }
  return Math.max(1, Math.min(cores, Math.ceil(size / BYTES_PER_THREAD)));
}

/** The declaration of `--threads`, for the commands that take it. */
export const THREADS_OPTION: OptionSpec = {
  name: 'threads',
  type: 'string',
  valueName: 'N',
  description:
    'worker threads that process chunks of lines, output in input order (default: one per 64 MiB of input file, up to every core; every core for standard input); 1 processes in-process, without workers',
};

/** Reads a `--threads` value: a positive integer (1 processes in-process, without workers). */
export function parseThreads(value: string | undefined): number {
  const threads = Number(value);
  if (value === undefined || !Number.isInteger(threads) || threads < 1) {
    throw new UsageError('--threads must be a positive integer');
  }
  return threads;
}

/** The `--threads` of parsed arguments; when not given, {@link defaultThreads} of `input`. */
export function threadsOf(args: ParsedArguments, input: string | undefined): number {
  const value = args.string('threads');
  return value === undefined ? defaultThreads(input) : parseThreads(value);
}
