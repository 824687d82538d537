/**
 * The `--threads N` option shared by the commands that process events in worker threads.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { UsageError } from '../command.js';

/** The default `--threads`: every core. */
export const defaultThreads = (): number => availableParallelism();

/** Reads a `--threads` value: a positive integer (1 processes in-process, without workers). */
export function parseThreads(value: string | undefined): number {
  const threads = Number(value);
  if (value === undefined || !Number.isInteger(threads) || threads < 1) {
    throw new UsageError('--threads must be a positive integer');
  }
  return threads;
}
