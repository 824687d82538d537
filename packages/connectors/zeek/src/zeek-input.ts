import { NormalizationError } from '@openmdr/connector-kit';
import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';
import { parseZeekHeader, parseZeekTsvLine, type ZeekTsvHeader } from './tsv.js';
import { type ZeekLog, zeekLogOfFileName, zeekLogOfPath, zeekLogOfShape } from './zeek-log.js';

/** A line of a Zeek log file as the kit's file tail gives it (`FileLine`), or any such object. */
export interface ZeekLine {
  /** The line without its newline. */
  readonly text: string;
  /** The file's `#` header lines (TSV logs); empty for JSON logs. */
  readonly header?: readonly string[] | undefined;
  /** The file the line was read from. */
  readonly path?: string | undefined;
}

/** A Zeek record ready to normalise: the log it belongs to and its fields. */
export interface ZeekInput {
  /** The log. */
  readonly log: ZeekLog;
  /** The record, flat dotted keys as the JSON writer writes them. */
  readonly record: JsonRecord;
}

const headers = new WeakMap<readonly string[], ZeekTsvHeader>();

/** The parsed header of a file's `#` lines, parsed once per file (cached by the array). */
function headerOf(lines: readonly string[]): ZeekTsvHeader {
  let header = headers.get(lines);
  if (header === undefined) {
    header = parseZeekHeader(lines);
    headers.set(lines, header);
  }
  return header;
}

function isLine(raw: unknown): raw is ZeekLine {
  return isRecord(raw) && typeof raw['text'] === 'string' && !('ts' in raw);
}

function parseJson(text: string): JsonRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new NormalizationError(`Zeek line is neither JSON nor a TSV line with a header`, {
      path: '(record)',
      cause: error,
    });
  }
  if (!isRecord(parsed)) {
    throw new NormalizationError('Zeek JSON line is not an object', { path: '(record)' });
  }
  return parsed;
}

/**
 * Reads one raw Zeek record — a file line (JSON, or TSV with its header), a JSON text, or a
 * parsed object — and tells its log: `expected` when given (a stream's own log), else
 * Corelight's `_path`, the TSV `#path`, the file name, and last the record's shape.
 *
 * @throws {NormalizationError} when the record cannot be read or its log cannot be told
 *   (path `_path`).
 */
export function readZeekInput(raw: unknown, expected?: ZeekLog): ZeekInput {
  let record: JsonRecord;
  let headerPath: string | undefined;
  let filePath: string | undefined;
  if (isLine(raw)) {
    const header = raw.header ?? [];
    filePath = raw.path;
    if (header.length > 0 && !raw.text.startsWith('{')) {
      const parsed = headerOf(header);
      record = parseZeekTsvLine(raw.text, parsed);
      headerPath = parsed.path;
    } else {
      record = parseJson(raw.text);
    }
  } else if (typeof raw === 'string') {
    record = parseJson(raw);
  } else if (isRecord(raw)) {
    record = raw;
  } else {
    throw new NormalizationError(
      `expected a Zeek record (JSON object or log line), got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`,
      { path: '(record)' },
    );
  }
  const log =
    expected ??
    zeekLogOfPath(record['_path']) ??
    zeekLogOfPath(headerPath) ??
    (filePath === undefined ? undefined : zeekLogOfFileName(filePath)) ??
    zeekLogOfShape(record);
  if (log === undefined) {
    throw new NormalizationError(
      'cannot tell the Zeek log of the record (no known _path, #path, file name or shape)',
      { path: '_path' },
    );
  }
  return { log, record };
}
