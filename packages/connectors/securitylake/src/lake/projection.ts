import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteLiteral } from './schema.js';

/**
 * How the reader turns any Parquet object's columns into OCSF JSON, whoever wrote it (OpenMDR's
 * writer, or AWS for a native source, whose objects have their own column types): DuckDB's
 * type of each column is parsed and a projection converts, at any depth, what JSON would not
 * carry as OCSF wants it — `TIMESTAMP`s of every precision and `TIMESTAMP WITH TIME ZONE` become
 * epoch milliseconds (OCSF `timestamp_t`), `BLOB`s base64 text, `HUGEINT`/`UHUGEINT`/`DECIMAL`
 * numbers (`DOUBLE`). `MAP`s become JSON objects through `to_json`; everything else is kept.
 */

/** A DuckDB type as {@link parseDuckdbType} reads it. */
export type DuckdbType =
  | { readonly kind: 'scalar'; readonly name: string }
  | { readonly kind: 'list'; readonly of: DuckdbType }
  | { readonly kind: 'map'; readonly key: DuckdbType; readonly value: DuckdbType }
  | {
      readonly kind: 'struct';
      readonly fields: ReadonlyArray<readonly [name: string, type: DuckdbType]>;
    };

class TypeParser {
  #at = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new SyntaxError(`DuckDB type '${this.text}': ${what} at ${this.#at}`);
  }

  #skipSpaces() {
    while (this.text[this.#at] === ' ') this.#at += 1;
  }

  #eat(token: string) {
    this.#skipSpaces();
    if (!this.text.startsWith(token, this.#at)) this.fail(`expected '${token}'`);
    this.#at += token.length;
  }

  #name(): string {
    this.#skipSpaces();
    if (this.text[this.#at] === '"') {
      let name = '';
      for (this.#at += 1; this.#at < this.text.length; this.#at += 1) {
        if (this.text[this.#at] === '"') {
          if (this.text[this.#at + 1] !== '"') {
            this.#at += 1;
            return name;
          }
          this.#at += 1;
        }
        name += this.text[this.#at];
      }
      this.fail('unterminated name');
    }
    const match = /^[^\s"(),[\]]+/.exec(this.text.slice(this.#at));
    if (match === null) this.fail('expected a name');
    this.#at += match[0].length;
    return match[0];
  }

  /** One type, then any `[]`/`[N]` suffixes. */
  type(): DuckdbType {
    this.#skipSpaces();
    let type: DuckdbType;
    const rest = this.text.slice(this.#at);
    if (/^STRUCT\(/i.test(rest)) {
      this.#at += 'STRUCT('.length;
      const fields: Array<readonly [string, DuckdbType]> = [];
      for (;;) {
        const name = this.#name();
        fields.push([name, this.type()]);
        this.#skipSpaces();
        if (this.text[this.#at] === ',') this.#at += 1;
        else break;
      }
      this.#eat(')');
      type = { kind: 'struct', fields };
    } else if (/^MAP\(/i.test(rest)) {
      this.#at += 'MAP('.length;
      const key = this.type();
      this.#eat(',');
      const value = this.type();
      this.#eat(')');
      type = { kind: 'map', key, value };
    } else {
      // a scalar: words (TIMESTAMP WITH TIME ZONE) and balanced parentheses (DECIMAL(18,3), UNION(…))
      const start = this.#at;
      let depth = 0;
      while (this.#at < this.text.length) {
        const char = this.text[this.#at];
        if (char === '(') depth += 1;
        else if (char === ')') {
          if (depth === 0) break;
          depth -= 1;
        } else if ((char === ',' || char === '[') && depth === 0) break;
        this.#at += 1;
      }
      const name = this.text.slice(start, this.#at).trim();
      if (name === '') this.fail('expected a type');
      type = { kind: 'scalar', name: name.toUpperCase() };
    }
    for (;;) {
      this.#skipSpaces();
      const suffix = /^\[\d*\]/.exec(this.text.slice(this.#at));
      if (suffix === null) return type;
      this.#at += suffix[0].length;
      type = { kind: 'list', of: type };
    }
  }

  /** The whole text as one type. */
  all(): DuckdbType {
    const type = this.type();
    this.#skipSpaces();
    if (this.#at !== this.text.length) this.fail('unexpected text');
    return type;
  }
}

/**
 * Parses a DuckDB type as `DESCRIBE` prints it (`STRUCT("a b" TIMESTAMP, c MAP(VARCHAR, BLOB))[]`).
 *
 * @throws SyntaxError naming the type and the position where it could not be read.
 */
export function parseDuckdbType(text: string): DuckdbType {
  return new TypeParser(text).all();
}

/** The SQL converting a scalar, or `undefined` when JSON carries it as it is. */
function scalarConversion(name: string, sql: string): string | undefined {
  if (/^TIMESTAMP/.test(name) || name === 'TIMESTAMPTZ') return `epoch_ms(${sql})`;
  if (name === 'BLOB' || name === 'BYTEA' || name === 'VARBINARY') return `base64(${sql})`;
  if (name === 'HUGEINT' || name === 'UHUGEINT' || /^DECIMAL\b|^NUMERIC\b/.test(name)) {
    return `(${sql})::DOUBLE`;
  }
  return undefined;
}

/**
 * The SQL that converts a value of `type` at `sql` as the reader wants it, or `undefined` when
 * nothing in it needs converting. `depth` names lambda parameters apart.
 */
export function conversionOf(type: DuckdbType, sql: string, depth = 0): string | undefined {
  switch (type.kind) {
    case 'scalar':
      return scalarConversion(type.name, sql);
    case 'list': {
      const item = `x${depth}`;
      const inner = conversionOf(type.of, item, depth + 1);
      return inner === undefined ? undefined : `list_transform(${sql}, lambda ${item}: ${inner})`;
    }
    case 'map': {
      const entry = `e${depth}`;
      const key = conversionOf(type.key, `${entry}.key`, depth + 1);
      const value = conversionOf(type.value, `${entry}.value`, depth + 1);
      if (key === undefined && value === undefined) return undefined;
      return (
        `map_from_entries(list_transform(map_entries(${sql}), lambda ${entry}: ` +
        `{'key': ${key ?? `${entry}.key`}, 'value': ${value ?? `${entry}.value`}}))`
      );
    }
    case 'struct': {
      const fields = type.fields.map(([name, field]) => {
        const access = `${sql}.${quoteIdentifier(name)}`;
        return [name, conversionOf(field, access, depth + 1), access] as const;
      });
      if (fields.every(([, converted]) => converted === undefined)) return undefined;
      const packed = fields
        .map(([name, converted, access]) => `${quoteIdentifier(name)} := ${converted ?? access}`)
        .join(', ');
      return `CASE WHEN ${sql} IS NULL THEN NULL ELSE struct_pack(${packed}) END`;
    }
  }
}

/**
 * The select list that reads one Parquet object as OCSF JSON wants it: each column by name,
 * converted where its type needs it ({@link conversionOf}).
 */
export async function objectProjection(
  connection: Pick<DuckDBConnection, 'runAndReadAll'>,
  path: string,
): Promise<string> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(path)}, hive_partitioning = false))`,
  );
  const columns = reader.getRows().map(([name, type]) => {
    const column = quoteIdentifier(String(name));
    const converted = conversionOf(parseDuckdbType(String(type)), column);
    return converted === undefined ? column : `${converted} AS ${column}`;
  });
  if (columns.length === 0) throw new Error(`Parquet object without columns: ${path}`);
  return columns.join(', ');
}
