import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';

/**
 * The value of an ECS field of a document however it is stored: as a flat dotted key
 * (`"kibana.alert.rule.name"`, as alert documents store rule fields), as nested objects
 * (`host: { name }`), or any mix of the two (`"process.parent": { pid }`).
 */
export function readEcs(document: JsonRecord, path: string): unknown {
  if (path in document) return document[path];
  for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
    const head = document[path.slice(0, dot)];
    if (isRecord(head)) {
      const value = readEcs(head, path.slice(dot + 1));
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/** The value of a one-value array (as the search API's `fields` give every value), else the value. */
function single(raw: unknown): unknown {
  return Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
}

/** A reader of ECS fields (flat, nested or mixed), typed like the kit's `RecordReader`. */
export class EcsReader {
  /** The document read. */
  readonly document: JsonRecord;

  constructor(document: JsonRecord) {
    this.document = document;
  }

  /** The raw value of a field. */
  value(path: string): unknown {
    return readEcs(this.document, path);
  }

  /** A non-empty string; a one-value array gives its value; numbers become strings. */
  string(path: string): string | undefined {
    const value = single(this.value(path));
    if (typeof value === 'string') return value.length > 0 ? value : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return undefined;
  }

  /** Every non-empty string of a field holding one value or an array. */
  strings(path: string): string[] {
    const raw = this.value(path);
    const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return values
      .map((value) => (typeof value === 'number' ? String(value) : value))
      .filter((value): value is string => typeof value === 'string' && value.length > 0);
  }

  /** A finite number (numeric strings are parsed; a one-value array gives its value). */
  number(path: string): number | undefined {
    const raw = single(this.value(path));
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  }

  /** A time (ISO 8601 string or epoch ms; a one-value array gives its value) as epoch ms. */
  time(path: string): number | undefined {
    const raw = single(this.value(path));
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : NaN;
    return Number.isFinite(value) ? value : undefined;
  }

  /** The first non-empty string of the fields named, in order. */
  first(...paths: string[]): string | undefined {
    for (const path of paths) {
      const value = this.string(path);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** The first finite number of the fields named, in order. */
  firstNumber(...paths: string[]): number | undefined {
    for (const path of paths) {
      const value = this.number(path);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** The first valid time of the fields named, in order. */
  firstTime(...paths: string[]): number | undefined {
    for (const path of paths) {
      const value = this.time(path);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** The objects of an array field (other items skipped). */
  objects(path: string): EcsReader[] {
    const raw = this.value(path);
    const values = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : [];
    return values.filter(isRecord).map((value) => new EcsReader(value));
  }
}

/**
 * The document as flat dotted keys down to the leaves (arrays are leaves), for `unmapped`:
 * fields under a `mapped` entry (the field, or a prefix of it) are left out.
 */
export function unmappedFields(
  document: JsonRecord,
  mapped: ReadonlySet<string>,
): JsonRecord | undefined {
  const out: JsonRecord = {};
  const isMapped = (path: string): boolean => {
    for (let end = path.length; end > 0; end = path.lastIndexOf('.', end - 1)) {
      if (mapped.has(path.slice(0, end))) return true;
    }
    return false;
  };
  const walk = (value: JsonRecord, prefix: string) => {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isMapped(path)) continue;
      if (isRecord(child)) walk(child, path);
      else if (child !== null && child !== undefined) out[path] = child;
    }
  };
  walk(document, '');
  return Object.keys(out).length > 0 ? out : undefined;
}
