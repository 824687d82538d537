import { ConnectorStateError } from '../errors/connector-errors.js';
import type { FileTailOptions } from './file-tail-options.js';

/** The options of a file tail, checked and with their defaults. */
export interface FileTailSettings {
  /** Glob patterns of the files followed. */
  patterns: string[];
  /** Where relative patterns start. */
  cwd: string | undefined;
  /** Patterns left out. */
  ignore: string[];
  /** Longest line delivered, in bytes. */
  maxLineBytes: number;
  /** Bytes read at a time. */
  readBytes: number;
  /** Lines that make a batch. */
  batchLines: number;
  /** Leading bytes fingerprinted. */
  fingerprintBytes: number;
  /** Retired files remembered. */
  maxRetired: number;
  /** Deliver the last partial line of a complete file. */
  deliverPartial: boolean;
  /** Stops reading. */
  signal: AbortSignal | undefined;
}

/** `value`, or `fallback` when absent; throws unless a positive safe integer. */
function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConnectorStateError(`file tail option ${name} must be a positive integer`, {
      details: { field: name },
    });
  }
  return value;
}

/**
 * Checks the options and fills in the defaults.
 *
 * @throws ConnectorStateError when a size or count is not a positive integer.
 */
export function settingsOf(options: FileTailOptions): FileTailSettings {
  const list = (value: string | readonly string[] | undefined): string[] =>
    value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  return {
    patterns: list(options.glob),
    cwd: options.cwd,
    ignore: list(options.ignore),
    maxLineBytes: positive('maxLineBytes', options.maxLineBytes, 1 << 20),
    readBytes: positive('readBytes', options.readBytes, 1 << 20),
    batchLines: positive('batchLines', options.batchLines, 2_000),
    fingerprintBytes: positive('fingerprintBytes', options.fingerprintBytes, 1_024),
    maxRetired: positive('maxRetired', options.maxRetired, 128),
    deliverPartial: (options.partialLastLine ?? 'deliver') === 'deliver',
    signal: options.signal,
  };
}
