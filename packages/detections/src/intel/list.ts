/**
 * Loads indicators from plain lists (one value per line, `#` comments) and CSV files with a
 * header row (`value` or `indicator`, and optionally `type`, `name`, `confidence`, `tlp`,
 * `valid_from`, `valid_until`, `labels`, `severity`).
 */
import type { IndicatorLoadResult, ThreatIndicator, TlpLevel } from './indicator.js';
import {
  detectIndicatorKind,
  type IndicatorValueKind,
  patternForValue,
} from './value-indicator.js';

/** Options of the list loaders. */
export interface LoadListOptions {
  /** Source name: prefixes indicator ids and locations. Default `list`. */
  source?: string;
  /** The kind of every value (otherwise detected per value). */
  kind?: IndicatorValueKind;
  /** Confidence given to every indicator of the list. */
  confidence?: number;
  /** TLP given to every indicator of the list. */
  tlp?: TlpLevel;
}

const KINDS = new Set<string>(['ip', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512']);
const KIND_ALIASES: Record<string, IndicatorValueKind> = {
  ipv4: 'ip',
  ipv6: 'ip',
  'ip-src': 'ip',
  'ip-dst': 'ip',
  cidr: 'ip',
  hostname: 'domain',
  fqdn: 'domain',
  'domain-name': 'domain',
  uri: 'url',
  'email-addr': 'email',
  'sha-1': 'sha1',
  'sha-256': 'sha256',
  'sha-512': 'sha512',
};

function kindOf(text: string): IndicatorValueKind | undefined {
  const key = text.trim().toLowerCase();
  if (KINDS.has(key)) return key as IndicatorValueKind;
  return KIND_ALIASES[key];
}

function makeIndicator(
  value: string,
  kind: IndicatorValueKind | undefined,
  source: string,
  options: LoadListOptions,
): ThreatIndicator | string {
  const detected = kind ?? detectIndicatorKind(value);
  if (detected === undefined) return `cannot tell what kind of indicator '${value}' is`;
  const pattern = patternForValue(detected, value);
  if (pattern === undefined) return `'${value}' is not a valid ${detected} value`;
  const indicator: ThreatIndicator = {
    id: `${source}:${detected}:${value.trim().toLowerCase()}`,
    pattern,
    source,
  };
  if (options.confidence !== undefined) indicator.confidence = options.confidence;
  if (options.tlp !== undefined) indicator.tlp = options.tlp;
  return indicator;
}

/** Loads a plain list: one value per line; blank lines and `#` comments are skipped. */
export function loadIndicatorList(
  text: string,
  options: LoadListOptions = {},
): IndicatorLoadResult {
  const source = options.source ?? 'list';
  const result: IndicatorLoadResult = { indicators: [], rejected: [] };
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] as string).replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const made = makeIndicator(line, options.kind, source, options);
    if (typeof made === 'string')
      result.rejected.push({
        input: line,
        code: 'INTEL_SOURCE_INVALID',
        reason: made,
        location: `${source}:${index + 1}`,
      });
    else result.indicators.push(made);
  }
  return result;
}

/** Splits one CSV record (RFC 4180 quoting). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] as string;
    if (quoted) {
      if (char === '"') {
        if (line[index + 1] === '"') {
          cell += '"';
          index += 1;
        } else quoted = false;
      } else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((value) => value.trim());
}

const TLP_VALUES: Record<string, TlpLevel> = {
  clear: 'CLEAR',
  white: 'WHITE',
  green: 'GREEN',
  amber: 'AMBER',
  'amber+strict': 'AMBER STRICT',
  'amber strict': 'AMBER STRICT',
  red: 'RED',
};

/**
 * Loads a CSV file with a header row. Each bad row is rejected with `file:line` and the
 * reason; the rest of the file loads.
 */
export function loadIndicatorCsv(text: string, options: LoadListOptions = {}): IndicatorLoadResult {
  const source = options.source ?? 'csv';
  const result: IndicatorLoadResult = { indicators: [], rejected: [] };
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cells = splitCsvLine(line);
    const location = `${source}:${index + 1}`;
    if (header === undefined) {
      header = cells.map((cell) => cell.toLowerCase().replace(/^tlp:/, ''));
      if (!header.includes('value') && !header.includes('indicator')) {
        result.rejected.push({
          code: 'INTEL_SOURCE_INVALID',
          reason: "the header row has no 'value' or 'indicator' column",
          location,
        });
        return result;
      }
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, column) => {
      row[name] = cells[column] ?? '';
    });
    const value = row['value'] ?? row['indicator'] ?? '';
    const reject = (reason: string): void => {
      result.rejected.push({ input: value, code: 'INTEL_SOURCE_INVALID', reason, location });
    };
    if (value === '') {
      reject('empty value');
      continue;
    }
    let kind = options.kind;
    if (row['type'] !== undefined && row['type'] !== '') {
      kind = kindOf(row['type']);
      if (kind === undefined) {
        reject(`unknown indicator type '${row['type']}'`);
        continue;
      }
    }
    const made = makeIndicator(value, kind, source, options);
    if (typeof made === 'string') {
      reject(made);
      continue;
    }
    if (row['name']) made.name = row['name'];
    if (row['confidence']) {
      const confidence = Number(row['confidence']);
      if (!Number.isFinite(confidence) || confidence < 0 || confidence > 100) {
        reject(`confidence '${row['confidence']}' is not a number from 0 to 100`);
        continue;
      }
      made.confidence = confidence;
    }
    if (row['tlp']) {
      const tlp = TLP_VALUES[row['tlp'].toLowerCase().replace(/^tlp:/, '')];
      if (tlp === undefined) {
        reject(`unknown TLP '${row['tlp']}'`);
        continue;
      }
      made.tlp = tlp;
    }
    for (const [column, key] of [
      ['valid_from', 'validFrom'],
      ['valid_until', 'validUntil'],
    ] as const) {
      const cell = row[column];
      if (!cell) continue;
      const time = Date.parse(cell);
      if (Number.isNaN(time)) {
        reject(`${column} '${cell}' is not a date`);
        made.id = '';
        break;
      }
      made[key] = time;
    }
    if (made.id === '') continue;
    if (row['labels'])
      made.labels = row['labels']
        .split(/[;|]/)
        .map((label) => label.trim())
        .filter(Boolean);
    if (row['severity']) {
      const severity = Number(row['severity']);
      if (severity >= 1 && severity <= 5 && Number.isInteger(severity))
        made.severityId = severity as 1;
    }
    result.indicators.push(made);
  }
  return result;
}
