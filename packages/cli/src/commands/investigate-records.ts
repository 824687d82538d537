/**
 * The input of `openmdr investigate`: records read as `openmdr normalize` reads them (JSON lines,
 * arrays and vendor pages, or one JSON document), each turned into an OCSF event — by the Windows
 * normaliser for `--input winlog`, taken as it is for `--input ocsf` — or, when that fails, kept
 * as a raw record with the reason.
 *
 * @module
 */
import { normalizeWindowsEvent } from '@openmdr/connectors/windows';
import { readRecords } from './normalize.js';

/** The kinds of input `--input` names. */
export const INVESTIGATE_INPUTS = ['winlog', 'ocsf'] as const;

/** A kind of input. */
export type InvestigateInput = (typeof INVESTIGATE_INPUTS)[number];

/** One input record: its OCSF event, or the raw record and why it could not become one. */
export type InvestigateRecord =
  | { readonly line: number; readonly event: Record<string, unknown> }
  | {
      readonly line: number;
      readonly raw: unknown;
      readonly reason: string;
      /** `true` when the line is not JSON at all; `false` when only the normaliser rejected it. */
      readonly unreadable: boolean;
    };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The OCSF event of a record read with `--input ocsf`: a JSON object with a `class_uid`. */
function ocsfEvent(raw: unknown): Record<string, unknown> {
  if (!isObject(raw)) throw new Error('not a JSON object');
  if (typeof raw['class_uid'] !== 'number') throw new Error('not an OCSF event (no class_uid)');
  return raw;
}

/**
 * Every record of `text`, in input order, as an OCSF event or a raw record with the reason it is
 * not one (a line that is not JSON, a record the normaliser rejects). Never throws for a record.
 */
export function* investigateRecords(
  text: string,
  input: InvestigateInput,
): Generator<InvestigateRecord> {
  let lines: string[] | undefined;
  for (const record of readRecords(text)) {
    if ('error' in record) {
      // The line's text is the raw record: its entry's id is a digest of it, one per line.
      lines ??= text.split(/\r?\n/);
      const raw = lines[record.line - 1] ?? '';
      yield {
        line: record.line,
        raw,
        reason: `line ${record.line} is not JSON: ${record.error}`,
        unreadable: true,
      };
      continue;
    }
    try {
      const event = input === 'winlog' ? normalizeWindowsEvent(record.raw) : ocsfEvent(record.raw);
      yield { line: record.line, event };
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      yield {
        line: record.line,
        raw: record.raw,
        reason: `line ${record.line}: ${message}`,
        unreadable: false,
      };
    }
  }
}
