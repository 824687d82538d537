/**
 * Events → rows of the hunting event table (the layout is documented in
 * `@openmdr/detections`' SQL backends): the line, the logsources the input's field mapping
 * routes the event to, the keyword values, the JSON-null paths, and one text per field path.
 *
 * @module
 */
import {
  createFlatFieldMapping,
  ocsfFieldMapping,
  type SigmaFieldMapping,
  type SigmaLogsource,
} from '@openmdr/detections';
import { eventTime } from '../event-fields.js';

/** The inputs a local hunt reads: flat events (Sigma field names) or OCSF events. */
export type LocalHuntInput = 'flat' | 'ocsf';

/** One row of the event table. */
export interface EventRow {
  /** 0-based line of the event in its input. */
  readonly line: number;
  /** `product|category|service` of each routed logsource; `undefined`: every rule applies. */
  readonly logsources: readonly string[] | undefined;
  /** Every string value, as the engine collects them for keyword searches. */
  readonly keywords: readonly string[];
  /** Field paths holding JSON `null`. */
  readonly nulls: readonly string[];
  /** Field path → text. */
  readonly fields: ReadonlyMap<string, string>;
  /** When the event happened, epoch ms ({@link eventTime}); `undefined` when it names no time. */
  readonly time: number | undefined;
}

/** The engine's field mapping (router and keyword source) of an input. */
export function inputMapping(input: LocalHuntInput): SigmaFieldMapping {
  return input === 'ocsf' ? ocsfFieldMapping : createFlatFieldMapping();
}

/** `product|category|service` of a logsource (absent keys empty). */
export function logsourceKey(logsource: SigmaLogsource): string {
  return `${logsource.product ?? ''}|${logsource.category ?? ''}|${logsource.service ?? ''}`;
}

/** Every scalar value, recursively, as text: the engine's default keyword source. */
function collectStrings(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else if (Array.isArray(value)) for (const entry of value) collectStrings(entry, into);
  else if (typeof value === 'object' && value !== null) {
    for (const key in value) collectStrings((value as Record<string, unknown>)[key], into);
  }
  return into;
}

function flatten(
  value: Record<string, unknown>,
  prefix: string,
  fields: Map<string, string>,
  nulls: string[],
  direct: ReadonlySet<string>,
): void {
  for (const [key, entry] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    // A flat dotted key of the event wins over the same path through nested objects.
    if (prefix !== '' && direct.has(path)) continue;
    if (entry === null) nulls.push(path);
    else if (typeof entry === 'string') fields.set(path, entry);
    else if (typeof entry === 'number' || typeof entry === 'boolean' || typeof entry === 'bigint') {
      fields.set(path, String(entry));
    } else if (Array.isArray(entry)) fields.set(path, JSON.stringify(entry));
    else if (typeof entry === 'object') {
      flatten(entry as Record<string, unknown>, path, fields, nulls, direct);
    }
  }
}

/** The row of one event (a JSON object) at `line`, routed by `mapping`. */
export function eventRow(event: object, line: number, mapping: SigmaFieldMapping): EventRow {
  const fields = new Map<string, string>();
  const nulls: string[] = [];
  const record = event as Record<string, unknown>;
  flatten(record, '', fields, nulls, new Set(Object.keys(record)));
  const routed = mapping.logsources(event);
  return {
    line,
    logsources: routed === undefined ? undefined : routed.map(logsourceKey),
    keywords: mapping.keywords ? [...mapping.keywords(event)] : collectStrings(event, []),
    nulls,
    fields,
    time: eventTime(record),
  };
}

/** A parsed JSON-lines text: each line's event (or why it is not one), by 0-based line. */
export function parseJsonLines(text: string): {
  events: Map<number, object>;
  errors: { line: number; error: string }[];
} {
  const events = new Map<number, object>();
  const errors: { line: number; error: string }[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      errors.push({ line: index, error: `not JSON: ${(error as Error).message}` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ line: index, error: 'not a JSON object' });
      return;
    }
    events.set(index, value);
  });
  return { events, errors };
}
