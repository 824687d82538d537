/**
 * The per-record work of `openmdr normalize`, shared by the in-process loop and its worker
 * threads: a record (or a line that is not JSON) becomes one output line.
 *
 * @module
 */
import { OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import type { NormalizeErrorLine, NormalizeSource } from '../commands/normalize.js';
import { pageRecords } from '../commands/normalize-envelopes.js';

/** One raw record of the input, or a line that is not JSON. */
export type InputRecord = { line: number; raw: unknown } | { line: number; error: string };

/** How each record is normalised. */
export interface NormalizeRecordOptions {
  readonly includeRawData: boolean;
  readonly validate: boolean;
}

/** The error line written for a record that could not be normalised. */
export function normalizeErrorLine(error: unknown, line: number): NormalizeErrorLine {
  if (OpenMdrError.isInstance(error)) {
    const path = error.details?.path;
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(typeof path === 'string' ? { path } : {}),
      },
      line,
    };
  }
  return {
    error: { code: 'NORMALIZE_FAILED', message: String((error as Error)?.message ?? error) },
    line,
  };
}

/** The output of one record: the OCSF event, or its error line (`failed`). */
export function normalizeRecord(
  source: NormalizeSource,
  record: InputRecord,
  options: NormalizeRecordOptions,
): { output: unknown; failed: boolean } {
  try {
    if ('error' in record) {
      throw new OpenMdrError('INVALID_JSON', `line ${record.line} is not JSON: ${record.error}`);
    }
    const event = source.normalize(record.raw, { includeRawData: options.includeRawData });
    if (options.validate) {
      const result = validateOcsfEvent(event, { mode: 'strict' });
      if (!result.ok) {
        const [first] = result.errors;
        throw new OpenMdrError(
          'OCSF_VALIDATION',
          `normalised event is not valid OCSF: ${result.errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
          { details: first === undefined ? {} : { path: first.path } },
        );
      }
    }
    return { output: event, failed: false };
  } catch (error) {
    return { output: normalizeErrorLine(error, record.line), failed: true };
  }
}

/**
 * The records of JSON lines (one record, array or vendor page per line); `lines[0]` is input
 * line `firstLine` (1-based). Blank lines are skipped.
 */
export function* readJsonLines(lines: readonly string[], firstLine = 1): Generator<InputRecord> {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      yield { line: index + firstLine, error: (error as Error).message };
      continue;
    }
    const records = pageRecords(parsed);
    if (records === undefined) yield { line: index + firstLine, raw: parsed };
    else for (const raw of records) yield { line: index + firstLine, raw };
  }
}

/** A chunk of JSON lines for a worker: its text and the 1-based number of its first line. */
export interface NormalizeChunk {
  readonly text: string;
  readonly firstLine: number;
}

/** The output lines of a chunk, and how many records failed. */
export function normalizeChunk(
  source: NormalizeSource,
  chunk: NormalizeChunk,
  options: NormalizeRecordOptions,
): { out: string; failed: number } {
  let out = '';
  let failed = 0;
  for (const record of readJsonLines(chunk.text.split(/\r?\n/), chunk.firstLine)) {
    const result = normalizeRecord(source, record, options);
    if (result.failed) failed++;
    out += `${JSON.stringify(result.output)}\n`;
  }
  return { out, failed };
}
