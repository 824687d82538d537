/**
 * The Parquet schema of a Security Lake file, inferred from the OCSF events it holds: nested
 * objects become STRUCTs and arrays LISTs (what AWS Glue crawls and Athena queries), and any
 * attribute whose values do not share one shape is stored as JSON text, so that every event
 * round-trips exactly.
 */

/** The shape of the values seen at one attribute path. */
export type ValueShape =
  | { readonly kind: 'null' | 'boolean' | 'bigint' | 'double' | 'string' | 'json' }
  | { readonly kind: 'list'; of: ValueShape }
  | { readonly kind: 'struct'; readonly fields: Map<string, ValueShape> };

const NULL: ValueShape = { kind: 'null' };
const JSON_SHAPE: ValueShape = { kind: 'json' };

const SCALARS = {
  boolean: { kind: 'boolean' },
  bigint: { kind: 'bigint' },
  double: { kind: 'double' },
  string: { kind: 'string' },
} as const satisfies Record<string, ValueShape>;

const scalarShape = (value: unknown): ValueShape => {
  switch (typeof value) {
    case 'boolean':
      return SCALARS.boolean;
    case 'number':
      return Number.isSafeInteger(value) ? SCALARS.bigint : SCALARS.double;
    case 'string':
      return SCALARS.string;
    default:
      return JSON_SHAPE;
  }
};

/**
 * Widens a shape to hold one more value, in place where it can (the writer calls this once per
 * event, so it must not copy): the shape to keep, which is `shape` itself unless its kind changed.
 * Lists and structs passed in must be ones this function made.
 */
export function absorbValue(shape: ValueShape, value: unknown): ValueShape {
  if (value === null || value === undefined || shape.kind === 'json') return shape;
  if (typeof value === 'object') {
    if (Array.isArray(value)) {
      if (shape.kind !== 'null' && shape.kind !== 'list') return JSON_SHAPE;
      const list: { kind: 'list'; of: ValueShape } =
        shape.kind === 'list'
          ? (shape as { kind: 'list'; of: ValueShape })
          : { kind: 'list', of: NULL };
      for (const item of value) list.of = absorbValue(list.of, item);
      return list;
    }
    if (shape.kind !== 'null' && shape.kind !== 'struct') return JSON_SHAPE;
    const struct: { kind: 'struct'; fields: Map<string, ValueShape> } =
      shape.kind === 'struct'
        ? (shape as { kind: 'struct'; fields: Map<string, ValueShape> })
        : { kind: 'struct', fields: new Map() };
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      const known = struct.fields.get(key);
      const widened = absorbValue(known ?? NULL, item);
      if (widened !== known) struct.fields.set(key, widened);
    }
    return struct;
  }
  const scalar = scalarShape(value);
  if (shape.kind === 'null' || shape.kind === scalar.kind) return scalar;
  if (
    (shape.kind === 'bigint' && scalar.kind === 'double') ||
    (shape.kind === 'double' && scalar.kind === 'bigint')
  ) {
    return SCALARS.double;
  }
  return JSON_SHAPE;
}

/** The shape of one JSON value. */
export function shapeOf(value: unknown): ValueShape {
  return absorbValue(NULL, value);
}

/** A SQL identifier, double-quoted. */
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A SQL string literal, single-quoted. */
export const quoteLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * Whether a STRUCT can carry these field names: DuckDB compares names without case and
 * rejects empty ones, so objects with such keys are stored as JSON text instead.
 */
export function structCanHold(names: Iterable<string>): boolean {
  const seen = new Set<string>();
  for (const name of names) {
    const folded = name.toLowerCase();
    if (name === '' || seen.has(folded)) return false;
    seen.add(folded);
  }
  return seen.size > 0;
}

/** The DuckDB type of a shape (`JSON` for what has no single type). */
export function duckdbType(shape: ValueShape): string {
  switch (shape.kind) {
    case 'boolean':
      return 'BOOLEAN';
    case 'bigint':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'string':
      return 'VARCHAR';
    case 'list':
      return shape.of.kind === 'null' ? 'JSON' : `${duckdbType(shape.of)}[]`;
    case 'struct':
      if (!structCanHold(shape.fields.keys())) return 'JSON';
      return `STRUCT(${[...shape.fields]
        .map(([name, field]) => `${quoteIdentifier(name)} ${duckdbType(field)}`)
        .join(', ')})`;
    default:
      return 'JSON';
  }
}

/**
 * The columns of a file whose rows have this (struct) shape: one per top-level attribute,
 * name and DuckDB type.
 *
 * @throws Error when the top-level attribute names cannot be columns (two differ only in case).
 */
export function columnsOf(shape: ValueShape): Array<readonly [name: string, type: string]> {
  if (shape.kind !== 'struct' || !structCanHold(shape.fields.keys())) {
    throw new Error('OCSF events need distinct, non-empty top-level attribute names');
  }
  return [...shape.fields].map(([name, field]) => [name, duckdbType(field)] as const);
}
