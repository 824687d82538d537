import { type Document, isMap, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import { SigmaCorrelationError } from './errors.js';
import { parseTimespan } from './timespan.js';
import type {
  CorrelationCondition,
  CorrelationRule,
  CorrelationType,
  RuleReference,
} from './types.js';

/** What {@link parseCorrelationDocuments} found in a YAML text. */
export interface ParsedCorrelationDocuments {
  /** Valid correlation rules. */
  readonly correlations: CorrelationRule[];
  /** The detection rules of the same text (id, name, title), which correlations may reference. */
  readonly rules: RuleReference[];
  /** One error per invalid correlation document; the others are still returned. */
  readonly errors: SigmaCorrelationError[];
}

const types = new Set<CorrelationType>([
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
]);

const operators = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;

/** What the readers need to say where a problem is. */
interface Locator {
  ruleId: string | undefined;
  line(path: readonly (string | number)[]): number | undefined;
  error(
    message: string,
    path: readonly (string | number)[],
    code?: 'SIGMA_CORRELATION_INVALID' | 'SIGMA_CORRELATION_UNSUPPORTED',
  ): SigmaCorrelationError;
}

/** Locates every problem at one line (the document start), for already-parsed documents. */
class FixedLocator implements Locator {
  ruleId: string | undefined;
  readonly #file: string | undefined;
  readonly #line: number | undefined;

  constructor(file: string | undefined, line: number | undefined) {
    this.#file = file;
    this.#line = line;
  }

  line(): number | undefined {
    return this.#line;
  }

  error(
    message: string,
    path: readonly (string | number)[],
    code:
      | 'SIGMA_CORRELATION_INVALID'
      | 'SIGMA_CORRELATION_UNSUPPORTED' = 'SIGMA_CORRELATION_INVALID',
  ): SigmaCorrelationError {
    return new SigmaCorrelationError(code, message, {
      file: this.#file,
      line: this.#line,
      ruleId: this.ruleId,
      key: path.join('.') || undefined,
    });
  }
}

class DocumentReader implements Locator {
  readonly #document: Document;
  readonly #lines: LineCounter;
  readonly #file: string | undefined;
  ruleId: string | undefined;

  constructor(document: Document, lines: LineCounter, file: string | undefined) {
    this.#document = document;
    this.#lines = lines;
    this.#file = file;
  }

  /** The 1-based line of the node at `path`, or of the nearest ancestor that exists. */
  line(path: readonly (string | number)[]): number | undefined {
    for (let length = path.length; length >= 0; length--) {
      const node = this.#document.getIn(path.slice(0, length), true) as Node | undefined;
      const offset = node?.range?.[0];
      if (offset !== undefined) return this.#lines.linePos(offset).line;
    }
    return undefined;
  }

  error(
    message: string,
    path: readonly (string | number)[],
    code:
      | 'SIGMA_CORRELATION_INVALID'
      | 'SIGMA_CORRELATION_UNSUPPORTED' = 'SIGMA_CORRELATION_INVALID',
  ): SigmaCorrelationError {
    return new SigmaCorrelationError(code, message, {
      file: this.#file,
      line: this.line(path),
      ruleId: this.ruleId,
      key: path.join('.') || undefined,
    });
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function stringList(
  reader: Locator,
  value: unknown,
  path: readonly string[],
  allowSingle: boolean,
): string[] {
  if (typeof value === 'string' && allowSingle) return [value];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw reader.error(`${path.join('.')} must be a list of strings`, path);
  }
  return value as string[];
}

function readCondition(
  reader: Locator,
  value: unknown,
  type: CorrelationType,
): CorrelationCondition | undefined {
  const path = ['correlation', 'condition'];
  if (value === undefined || value === null) {
    if (type === 'temporal' || type === 'temporal_ordered') return undefined;
    throw reader.error(`correlation.condition is required for ${type}`, path);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw reader.error('correlation.condition must be a map of gt/gte/lt/lte/eq/neq', path);
  }
  const condition: Record<string, unknown> = {};
  let comparisons = 0;
  for (const [key, operand] of Object.entries(value as Record<string, unknown>)) {
    if ((operators as readonly string[]).includes(key)) {
      if (typeof operand !== 'number' || !Number.isFinite(operand)) {
        throw reader.error(`correlation.condition.${key} must be a number`, [...path, key]);
      }
      condition[key] = operand;
      comparisons++;
    } else if (key === 'field') {
      condition.field = stringList(reader, operand, [...path, key], true);
    } else if (key === 'percentile') {
      throw reader.error(
        'value_percentile is not supported',
        [...path, key],
        'SIGMA_CORRELATION_UNSUPPORTED',
      );
    } else {
      throw reader.error(`unknown condition key '${key}'`, [...path, key]);
    }
  }
  if (comparisons === 0) {
    throw reader.error(
      'correlation.condition needs at least one of gt, gte, lt, lte, eq, neq',
      path,
    );
  }
  if (type !== 'event_count' && type !== 'temporal' && type !== 'temporal_ordered') {
    if (condition.field === undefined) {
      throw reader.error(`correlation.condition.field is required for ${type}`, path);
    }
  }
  return condition as CorrelationCondition;
}

function readAliases(reader: Locator, value: unknown): Record<string, Record<string, string>> {
  if (value === undefined || value === null) return {};
  const path = ['correlation', 'aliases'];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw reader.error('correlation.aliases must be a map', path);
  }
  const aliases: Record<string, Record<string, string>> = {};
  for (const [alias, mapping] of Object.entries(value as Record<string, unknown>)) {
    if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
      throw reader.error(`alias '${alias}' must map rule names to fields`, [...path, alias]);
    }
    const fields: Record<string, string> = {};
    for (const [rule, field] of Object.entries(mapping as Record<string, unknown>)) {
      if (typeof field !== 'string' || field === '') {
        throw reader.error(`alias '${alias}' for rule '${rule}' must be a field name`, [
          ...path,
          alias,
          rule,
        ]);
      }
      fields[rule] = field;
    }
    aliases[alias] = fields;
  }
  return aliases;
}

function readCorrelation(
  reader: Locator,
  document: Record<string, unknown>,
  file: string | undefined,
): CorrelationRule {
  const id = optionalString(document.id);
  const name = optionalString(document.name);
  const title = optionalString(document.title);
  reader.ruleId = id ?? name ?? title;
  if (title === undefined) throw reader.error('a correlation rule needs a title', ['title']);
  const body = document.correlation;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw reader.error('correlation must be a map', ['correlation']);
  }
  const correlation = body as Record<string, unknown>;
  const type = correlation.type;
  if (typeof type !== 'string' || !types.has(type as CorrelationType)) {
    if (type === 'value_percentile') {
      throw reader.error(
        'value_percentile is not supported',
        ['correlation', 'type'],
        'SIGMA_CORRELATION_UNSUPPORTED',
      );
    }
    throw reader.error(`correlation.type must be one of ${[...types].join(', ')}`, [
      'correlation',
      'type',
    ]);
  }
  const correlationType = type as CorrelationType;
  const rules = stringList(reader, correlation.rules, ['correlation', 'rules'], true);
  if (rules.length === 0)
    throw reader.error('correlation.rules is empty', ['correlation', 'rules']);
  const groupByValue = correlation['group-by'];
  const groupBy =
    groupByValue === undefined || groupByValue === null
      ? []
      : stringList(reader, groupByValue, ['correlation', 'group-by'], true);
  const timespanValue = correlation.timespan;
  const timespanMs = parseTimespan(timespanValue);
  if (timespanMs === undefined) {
    throw reader.error(
      `correlation.timespan must be <integer><s|m|h|d>, got ${JSON.stringify(timespanValue)}`,
      ['correlation', 'timespan'],
    );
  }
  const generateValue = correlation.generate ?? document.generate;
  if (generateValue !== undefined && typeof generateValue !== 'boolean') {
    throw reader.error('generate must be true or false', ['correlation', 'generate']);
  }
  const tags = document.tags;
  return {
    id,
    name,
    title,
    level: optionalString(document.level),
    status: optionalString(document.status),
    description: optionalString(document.description),
    author: optionalString(document.author),
    tags: Array.isArray(tags)
      ? tags.filter((tag): tag is string => typeof tag === 'string')
      : undefined,
    type: correlationType,
    rules,
    groupBy,
    timespanMs,
    condition: readCondition(reader, correlation.condition, correlationType),
    aliases: readAliases(reader, correlation.aliases),
    generate: generateValue === true,
    file,
    line: reader.line([]),
  };
}

/**
 * Parses a YAML text of one or more documents (`---`-separated): correlation rules
 * (documents with a `correlation` map) and the detection rules they may reference. An invalid
 * correlation gives a {@link SigmaCorrelationError} naming the file, line, rule and key; the
 * rest of the text is still read.
 */
export function parseCorrelationDocuments(
  text: string,
  options: { file?: string } = {},
): ParsedCorrelationDocuments {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  const correlations: CorrelationRule[] = [];
  const rules: RuleReference[] = [];
  const errors: SigmaCorrelationError[] = [];
  const list = Array.isArray(documents) ? documents : [];
  for (const document of list) {
    const reader = new DocumentReader(document as Document, lines, options.file);
    if (document.errors.length > 0) {
      const [first] = document.errors;
      errors.push(
        new SigmaCorrelationError(
          'SIGMA_CORRELATION_INVALID',
          `YAML error: ${first?.message ?? 'invalid'}`,
          {
            file: options.file,
            line: first?.linePos?.[0].line,
          },
        ),
      );
      continue;
    }
    if (!isMap(document.contents)) {
      if (document.contents !== null && !isSeq(document.contents)) {
        errors.push(reader.error('a Sigma document must be a map', []));
      }
      continue;
    }
    const value = document.toJS() as Record<string, unknown>;
    if ('correlation' in value) {
      try {
        correlations.push(readCorrelation(reader, value, options.file));
      } catch (error) {
        if (error instanceof SigmaCorrelationError) errors.push(error);
        else throw error;
      }
    } else if ('detection' in value) {
      const id = optionalString(value.id);
      const name = optionalString(value.name);
      if (id !== undefined || name !== undefined) {
        rules.push({ id: id ?? (name as string), name, title: optionalString(value.title) });
      }
    }
  }
  return { correlations, rules, errors };
}

/** A correlation document as `loadSigmaRules` / `parseSigmaYaml` return it. */
export interface SigmaCorrelationSource {
  readonly title: string;
  readonly raw: Readonly<Record<string, unknown>>;
  readonly source: { readonly file?: string | undefined; readonly line: number };
}

/**
 * Validates a correlation document the Sigma loader returned (`loaded.correlations`) and turns
 * it into a {@link CorrelationRule}.
 *
 * @throws {SigmaCorrelationError} naming the file, the document's line, the rule and the key.
 */
export function correlationFromDocument(document: SigmaCorrelationSource): CorrelationRule {
  const locator = new FixedLocator(document.source.file, document.source.line);
  return readCorrelation(locator, document.raw as Record<string, unknown>, document.source.file);
}
