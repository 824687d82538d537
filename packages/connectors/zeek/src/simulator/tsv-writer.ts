import type { JsonRecord } from '@openmdr/connector-kit/normalize';

/** The columns of a Zeek TSV log: field names and Zeek types (`time`, `addr`, `set[string]`…). */
export interface ZeekTsvColumns {
  /** Field names, `ts` first. */
  readonly fields: readonly string[];
  /** Zeek type of each field. */
  readonly types: readonly string[];
}

const ADDRESS = /(?:^|\.)(?:orig_h|resp_h|host|hosts|ip|assigned_addr|client_addr|server_addr)$/;
const PORT = /(?:^|\.)(?:orig_p|resp_p|port|p)$/;
const INTERVAL = /(?:^|_)(?:duration|lease_time|rtt|TTLs)$/;

/** The Zeek type of one scalar value of `field`. */
function scalarType(field: string, value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') {
    if (field === 'ts' || field.endsWith('_ts') || field.endsWith('.not_valid_before')) {
      return 'time';
    }
    if (field.endsWith('.not_valid_after')) return 'time';
    if (INTERVAL.test(field)) return 'interval';
    if (PORT.test(field)) return 'port';
    return Number.isInteger(value) ? 'count' : 'double';
  }
  if (ADDRESS.test(field)) return 'addr';
  return 'string';
}

/**
 * The columns of a log from sample records: every field in order of first appearance (`ts`
 * first), typed from the first value seen — arrays as `vector[…]` (`set[…]` for host and uid
 * lists, as Zeek declares them).
 */
export function zeekTsvColumns(records: readonly JsonRecord[]): ZeekTsvColumns {
  const types = new Map<string, string>([['ts', 'time']]);
  for (const record of records) {
    for (const [field, value] of Object.entries(record)) {
      const known = types.get(field);
      if (known !== undefined && !known.endsWith('[string]')) continue;
      if (value === null || value === undefined) {
        if (known === undefined) types.set(field, 'string');
        continue;
      }
      if (Array.isArray(value)) {
        const element = value.find((item) => item !== null && item !== undefined);
        if (known !== undefined && element === undefined) continue;
        const container = /(?:hosts|uids|fuids|_types|analyzers|actions)$/.test(field)
          ? 'set'
          : 'vector';
        types.set(field, `${container}[${scalarType(field, element ?? '')}]`);
      } else if (known === undefined) {
        types.set(field, scalarType(field, value));
      }
    }
  }
  return { fields: [...types.keys()], types: [...types.values()] };
}

/** `YYYY-MM-DD-HH-MM-SS` (UTC) of epoch ms, as Zeek writes `#open` / `#close` and rotated names. */
export function zeekDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}-${iso.slice(14, 16)}-${iso.slice(17, 19)}`;
}

/** The header lines of a TSV log, `#separator` to `#types`, each ending in a newline. */
export function zeekTsvHeader(path: string, columns: ZeekTsvColumns, openedMs: number): string {
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${path}`,
    `#open\t${zeekDate(openedMs)}`,
    `#fields\t${columns.fields.join('\t')}`,
    `#types\t${columns.types.join('\t')}`,
    '',
  ].join('\n');
}

/** The `#close` line Zeek ends a finished TSV file with. */
export function zeekTsvClose(closedMs: number): string {
  return `#close\t${zeekDate(closedMs)}\n`;
}

/** Escapes what would break a column: the separators, newlines and backslashes, as `\xHH`. */
function escapeZeek(text: string, inSet: boolean): string {
  return text.replace(inSet ? /[\t\n\r\\,]/g : /[\t\n\r\\]/g, (char) => {
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** One scalar as Zeek writes it: `T`/`F`, times and intervals with 6 decimals. */
function scalarText(value: unknown, type: string, inSet: boolean): string {
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'number') {
    return type === 'time' || type === 'interval' || type === 'double'
      ? value.toFixed(6)
      : String(value);
  }
  if (typeof value === 'string') return value === '' ? '(empty)' : escapeZeek(value, inSet);
  return escapeZeek(JSON.stringify(value), inSet);
}

/** One record as a TSV line (with its newline): `-` for unset fields, `(empty)` for empty ones. */
export function zeekTsvLine(record: JsonRecord, columns: ZeekTsvColumns): string {
  const values = columns.fields.map((field, index) => {
    const value = record[field];
    const type = columns.types[index] ?? 'string';
    if (value === null || value === undefined) return '-';
    const container = /^(?:set|vector)\[(.*)\]$/.exec(type);
    if (container || Array.isArray(value)) {
      const items = Array.isArray(value) ? value : [value];
      if (items.length === 0) return '(empty)';
      return items.map((item) => scalarText(item, container?.[1] ?? 'string', true)).join(',');
    }
    return scalarText(value, type, false);
  });
  return `${values.join('\t')}\n`;
}
