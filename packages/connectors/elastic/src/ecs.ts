import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';

/** The keys of a document whose values are objects, shortest first (cached per document). */
const objectKeysCache = new WeakMap<JsonRecord, string[]>();
function objectKeysOf(document: JsonRecord): string[] {
  let keys = objectKeysCache.get(document);
  if (keys === undefined) {
    keys = [];
    for (const key in document) if (isRecord(document[key])) keys.push(key);
    keys.sort((a, b) => a.length - b.length);
    objectKeysCache.set(document, keys);
  }
  return keys;
}

/**
 * The value of an ECS field of a document however it is stored: as a flat dotted key
 * (`"kibana.alert.rule.name"`, as alert documents store rule fields), as nested objects
 * (`host: { name }`), or any mix of the two (`"process.parent": { pid }`). A path is looked up
 * whole, then under each object-valued key that is a dotted prefix of it, shortest first; only
 * those keys are tried (found once per document), so a field absent from a flat document costs
 * no string slicing.
 */
export function readEcs(document: JsonRecord, path: string): unknown {
  const direct = document[path];
  if (direct !== undefined) return direct;
  for (const key of objectKeysOf(document)) {
    if (
      path.length > key.length &&
      path.charCodeAt(key.length) === 46 /* . */ &&
      path.startsWith(key)
    ) {
      const value = readEcs(document[key] as JsonRecord, path.slice(key.length + 1));
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
