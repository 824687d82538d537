import { NormalizationError } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';

/** The header of a Zeek ASCII (TSV) log: its `#` lines, parsed. */
export interface ZeekTsvHeader {
  /** Field separator (`#separator`, hex-escaped in the file: `\x09`). */
  readonly separator: string;
  /** Separator of set and vector elements (`#set_separator`). Default `,`. */
  readonly setSeparator: string;
  /** The value written for an empty string or container (`#empty_field`). Default `(empty)`. */
  readonly emptyField: string;
  /** The value written for an unset field (`#unset_field`). Default `-`. */
  readonly unsetField: string;
  /** The log's name (`#path`): `conn`, `dns`, … */
  readonly path: string | undefined;
  /** The column names (`#fields`). */
  readonly fields: readonly string[];
  /** The column types (`#types`): `time`, `count`, `set[string]`, … (may be empty). */
  readonly types: readonly string[];
}

/** Decodes Zeek's `\xHH` escapes (separators, control characters and non-UTF-8 bytes in values). */
export function unescapeZeek(value: string): string {
  if (!value.includes('\\x')) return value;
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_match, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Parses the `#` lines of a Zeek TSV log (`#separator`, `#set_separator`, `#empty_field`,
 * `#unset_field`, `#path`, `#fields`, `#types`; `#open`, `#close` and unknown directives are
 * ignored). `#separator` comes first and is separated from its value by a space; the other
 * directives use the separator itself.
 *
 * @throws {NormalizationError} when there is no `#fields` line (the path names `#fields`).
 */
export function parseZeekHeader(lines: readonly string[]): ZeekTsvHeader {
  let separator = '\t';
  let setSeparator = ',';
  let emptyField = '(empty)';
  let unsetField = '-';
  let path: string | undefined;
  let fields: string[] | undefined;
  let types: string[] = [];
  for (const line of lines) {
    if (line.startsWith('#separator')) {
      const value = line.slice('#separator'.length).trim();
      if (value) separator = unescapeZeek(value);
      continue;
    }
    const parts = line.split(separator);
    const directive = parts[0];
    const values = parts.slice(1).map(unescapeZeek);
    switch (directive) {
      case '#set_separator':
        setSeparator = values[0] ?? setSeparator;
        break;
      case '#empty_field':
        emptyField = values[0] ?? emptyField;
        break;
      case '#unset_field':
        unsetField = values[0] ?? unsetField;
        break;
      case '#path':
        path = values[0];
        break;
      case '#fields':
        fields = values;
        break;
      case '#types':
        types = values;
        break;
      default:
        break;
    }
  }
  if (fields === undefined || fields.length === 0) {
    throw new NormalizationError('Zeek TSV header has no #fields line', { path: '#fields' });
  }
  return { separator, setSeparator, emptyField, unsetField, path, fields, types };
}

const NUMERIC = new Set(['time', 'interval', 'count', 'int', 'double', 'port']);

function scalar(value: string, type: string): unknown {
  if (NUMERIC.has(type)) {
    const number = Number(value);
    return Number.isFinite(number) ? number : value;
  }
  if (type === 'bool') return value === 'T' ? true : value === 'F' ? false : value;
  return unescapeZeek(value);
}

/**
 * One data line of a Zeek TSV log as the JSON writer would give it: flat dotted keys
 * (`id.orig_h`), numbers for `time`/`interval`/`count`/`int`/`double`/`port`, booleans for
 * `bool`, arrays for `set[…]`/`vector[…]`; unset fields (`-`) are left out, empty ones
 * (`(empty)`) are `''` or `[]`. Values are decoded from `\xHH` escapes.
 *
 * @throws {NormalizationError} when the line has more columns than `#fields` names.
 */
export function parseZeekTsvLine(line: string, header: ZeekTsvHeader): JsonRecord {
  const values = line.split(header.separator);
  if (values.length > header.fields.length) {
    throw new NormalizationError(
      `Zeek TSV line has ${values.length} columns, the header names ${header.fields.length}`,
      { path: '#fields' },
    );
  }
  const record: JsonRecord = {};
  for (let index = 0; index < values.length; index += 1) {
    const raw = values[index] as string;
    const field = header.fields[index] as string;
    if (raw === header.unsetField) continue;
    const type = header.types[index] ?? 'string';
    const container = /^(?:set|vector|table)\[(.*)\]$/.exec(type);
    if (container) {
      const elementType = container[1] as string;
      record[field] =
        raw === header.emptyField
          ? []
          : raw.split(header.setSeparator).map((item) => scalar(item, elementType));
    } else if (raw === header.emptyField) {
      record[field] = '';
    } else {
      record[field] = scalar(raw, type);
    }
  }
  return record;
}
