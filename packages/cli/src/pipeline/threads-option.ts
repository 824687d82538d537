/**
 * The `--threads N` option shared by the commands that process events in worker threads.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { UsageError } from '../command.js';
import type { OptionSpec, ParsedArguments } from '../options.js';

/** The default `--threads`: every core. */
export const defaultThreads = (): number => availableParallelism();

/** The declaration of `--threads`, for the commands that take it. */
export const THREADS_OPTION: OptionSpec = {
  name: 'threads',
  type: 'string',
  valueName: 'N',
  description:
    'worker threads that process chunks of lines, output in input order (default: every core); 1 processes in-process, without workers',
};

/** Reads a `--threads` value: a positive integer (1 processes in-process, without workers). */
export function parseThreads(value: string | undefined): number {
  const threads = Number(value);
  if (value === undefined || !Number.isInteger(threads) || threads < 1) {
    throw new UsageError('--threads must be a positive integer');
  }
  return threads;
}

/** The `--threads` of parsed arguments, every core when not given. */
export function threadsOf(args: ParsedArguments): number {
  const value = args.string('threads');
  return value === undefined ? defaultThreads() : parseThreads(value);
}
