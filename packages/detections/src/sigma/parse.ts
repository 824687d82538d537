import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from 'yaml';
import { SigmaRuleError, type SigmaRuleErrorCode } from './errors.js';
import type { SigmaLogsource } from './field-access.js';
import type {
  SigmaCorrelationDocument,
  SigmaDetection,
  SigmaDetectionItem,
  SigmaDocument,
  SigmaFilter,
  SigmaLevel,
  SigmaPosition,
  SigmaRelated,
  SigmaRule,
  SigmaScalar,
  SigmaSearch,
  SigmaSource,
  SigmaStatus,
} from './types.js';

/** The result of parsing one YAML text: its documents and the problems of the bad ones. */
export interface SigmaParseResult {
  readonly documents: SigmaDocument[];
  readonly errors: SigmaRuleError[];
}

const STATUSES: ReadonlySet<string> = new Set([
  'stable',
  'test',
  'experimental',
  'deprecated',
  'unsupported',
]);
const LEVELS: ReadonlySet<string> = new Set(['informational', 'low', 'medium', 'high', 'critical']);
const RELATED_TYPES: ReadonlySet<string> = new Set([
  'derived',
  'obsolete',
  'merged',
  'renamed',
  'similar',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const IDENTIFIER = /^[^\s()]+$/;
const LOGSOURCE_VALUE = /^[a-z0-9_.-]+$/;

/**
 * Parses a YAML text of one or more Sigma documents (detection rules, meta-filters and
 * correlation rules, separated by `---`) and validates each against the Sigma specification.
 *
 * A bad document does not stop the others: it is reported in `errors` as a
 * {@link SigmaRuleError} naming the file, line, column, rule id and the offending key.
 */
export function parseSigmaYaml(text: string, file?: string): SigmaParseResult {
  const lineCounter = new LineCounter();
  const documents: SigmaDocument[] = [];
  const errors: SigmaRuleError[] = [];
  const parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const list: Document[] = Array.isArray(parsed) ? parsed : [];
  list.forEach((document, index) => {
    try {
      const result = parseDocument(document, index, lineCounter, file);
      if (result !== undefined) documents.push(result);
    } catch (error) {
      if (SigmaRuleError.isInstance(error)) errors.push(error);
      else throw error;
    }
  });
  return { documents, errors };
}

/** Parses one Sigma document given as a JavaScript object (no line numbers). */
export function parseSigmaObject(value: unknown, file?: string): SigmaDocument {
  const context = new DocumentContext(undefined, new LineCounter(), file);
  return buildDocument(value, context, { file, document: 0, line: 1 });
}

/**
 * Rebuilds a document from its parsed YAML value (`raw`) without the YAML text: the positions
 * of its detection items and condition come from `positions`, as {@link sigmaDocumentPositions}
 * gave them (`[line, column, …]`, `0` for none). Throws a {@link SigmaRuleError} as
 * {@link parseSigmaObject} does, but for a rule's `detection`, which is built on first access
 * (the documents of a bundle were validated when it was built; most of a large ruleset's are
 * never read when rules compile on demand).
 */
export function rebuildSigmaDocument(
  raw: unknown,
  source: SigmaSource,
  positions: readonly number[],
): SigmaDocument {
  return buildDocument(raw, new ReplayContext(positions, source.file), source, true);
}

/**
 * The positions of a document's detection items and condition, in the order
 * {@link rebuildSigmaDocument} reads them: each search's items in order, then the condition.
 */
export function sigmaDocumentPositions(document: SigmaDocument): number[] {
  const positions: number[] = [];
  if (document.kind === 'correlation') return positions;
  const push = (position: SigmaPosition | undefined) => {
    if (position === undefined) positions.push(0, 0);
    else positions.push(position.line, position.column);
  };
  for (const search of document.detection.searches.values()) {
    const lists = search.kind === 'maps' ? search.maps : [search.items];
    for (const items of lists) for (const item of items) push(item.position);
  }
  push(document.detection.conditionPosition);
  return positions;
}

class DocumentContext {
  ruleId: string | undefined;
  constructor(
    readonly document: Document | undefined,
    readonly lineCounter: LineCounter,
    readonly file: string | undefined,
  ) {}

  position(path: readonly (string | number)[], keyNode = false): SigmaPosition | undefined {
    if (this.document === undefined) return undefined;
    let node: unknown = this.document.contents;
    let found: unknown;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
        if (pair === undefined) break;
        found = keyNode && segment === path[path.length - 1] ? pair.key : pair.value;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        found = node;
      } else break;
    }
    const range = (found as Node | undefined)?.range ?? (node as Node | undefined)?.range;
    if (range === undefined || range === null) return undefined;
    const position = this.lineCounter.linePos(range[0]);
    return { line: position.line, column: position.col };
  }

  error(
    code: SigmaRuleErrorCode,
    message: string,
    path: readonly (string | number)[],
    keyNode = true,
  ): SigmaRuleError {
    const position = this.position(path, keyNode);
    return new SigmaRuleError(code, message, {
      file: this.file,
      line: position?.line,
      column: position?.column,
      ruleId: this.ruleId,
      key: path.length > 0 ? path.join('.') : undefined,
    });
  }
}

/** A context whose positions are replayed from a list (see {@link rebuildSigmaDocument}). */
class ReplayContext extends DocumentContext {
  private next = 0;
  constructor(
    private readonly positions: readonly number[],
    file: string | undefined,
  ) {
    super(undefined, REPLAY_LINE_COUNTER, file);
  }

  override position(): SigmaPosition | undefined {
    const line = this.positions[this.next] ?? 0;
    const column = this.positions[this.next + 1] ?? 0;
    this.next += 2;
    return line === 0 ? undefined : { line, column };
  }
}
const REPLAY_LINE_COUNTER = new LineCounter();

function parseDocument(
  document: Document,
  index: number,
  lineCounter: LineCounter,
  file: string | undefined,
): SigmaDocument | undefined {
  const startOffset = document.range?.[0] ?? 0;
  const start = lineCounter.linePos(startOffset);
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const position = error === undefined ? start : lineCounter.linePos(error.pos[0]);
    throw new SigmaRuleError(
      'SIGMA_YAML_INVALID',
      `YAML: ${error?.message.split('\n')[0] ?? 'invalid'}`,
      { file, line: position.line, column: position.col },
    );
  }
  if (document.contents === null) return undefined; // empty document (e.g. trailing `---`)
  const value = document.toJS({ maxAliasCount: 100 }) as unknown;
  const context = new DocumentContext(document, lineCounter, file);
  return buildDocument(value, context, { file, document: index, line: start.line });
}

function buildDocument(
  value: unknown,
  context: DocumentContext,
  source: SigmaSource,
  lazyDetection = false,
): SigmaDocument {
  if (!isRecord(value)) {
    throw context.error('SIGMA_RULE_INVALID', 'a Sigma document must be a YAML map', [], false);
  }
  const id = optionalString(value, 'id', context);
  const name = optionalString(value, 'name', context);
  context.ruleId =
    id ?? name ?? (typeof value['title'] === 'string' ? (value['title'] as string) : undefined);
  if (id !== undefined && !UUID.test(id)) {
    throw context.error('SIGMA_RULE_INVALID', `id must be a UUID, got '${id}'`, ['id']);
  }
  const title = value['title'];
  if (typeof title !== 'string' || title.length === 0) {
    throw context.error('SIGMA_RULE_INVALID', 'title is required and must be a string', ['title']);
  }
  if (title.length > 256) {
    throw context.error('SIGMA_RULE_INVALID', 'title is longer than 256 characters', ['title']);
  }
  const base = {
    title,
    id,
    name,
    description: optionalString(value, 'description', context),
    author: optionalString(value, 'author', context),
    license: optionalString(value, 'license', context),
    references: stringList(value, 'references', context),
    date: optionalDate(value, 'date', context),
    modified: optionalDate(value, 'modified', context),
    taxonomy: optionalString(value, 'taxonomy', context) ?? 'sigma',
    source,
    raw: value,
  };
  if ('correlation' in value) {
    const correlation = value['correlation'];
    if (!isRecord(correlation)) {
      throw context.error('SIGMA_RULE_INVALID', 'correlation must be a map', ['correlation']);
    }
    const document: SigmaCorrelationDocument = {
      ...base,
      kind: 'correlation',
      status: optionalEnum(value, 'status', STATUSES, context) as SigmaStatus | undefined,
      level: optionalEnum(value, 'level', LEVELS, context) as SigmaLevel | undefined,
      tags: tags(value, context),
      correlation,
    };
    return document;
  }
  if ('filter' in value && !('detection' in value)) {
    const filter = value['filter'];
    if (!isRecord(filter)) {
      throw context.error('SIGMA_RULE_INVALID', 'filter must be a map', ['filter']);
    }
    const rules = filter['rules'];
    const ruleList = typeof rules === 'string' ? [rules] : rules;
    if (
      !Array.isArray(ruleList) ||
      ruleList.length === 0 ||
      !ruleList.every((r) => typeof r === 'string')
    ) {
      throw context.error(
        'SIGMA_RULE_INVALID',
        'filter.rules must be a non-empty list of rule ids or names',
        ['filter', 'rules'],
      );
    }
    const { rules: _rules, ...detection } = filter;
    const document: SigmaFilter = {
      ...base,
      kind: 'filter',
      logsource: logsource(value, context),
      rules: ruleList as string[],
      detection: parseDetection(detection, context, ['filter']),
    };
    return document;
  }
  const detection = value['detection'];
  if (!isRecord(detection)) {
    throw context.error('SIGMA_RULE_INVALID', 'detection is required and must be a map', [
      'detection',
    ]);
  }
  const related = value['related'];
  const relatedList: SigmaRelated[] = [];
  if (related !== undefined && related !== null) {
    if (!Array.isArray(related)) {
      throw context.error('SIGMA_RULE_INVALID', 'related must be a list', ['related']);
    }
    related.forEach((entry, index) => {
      if (
        !isRecord(entry) ||
        typeof entry['id'] !== 'string' ||
        typeof entry['type'] !== 'string' ||
        !RELATED_TYPES.has(entry['type'])
      ) {
        throw context.error(
          'SIGMA_RULE_INVALID',
          'related entries need an id and a type (derived, obsolete, merged, renamed, similar)',
          ['related', index],
          false,
        );
      }
      relatedList.push({ id: entry['id'], type: entry['type'] as SigmaRelated['type'] });
    });
  }
  const fields = {
    ...base,
    kind: 'rule' as const,
    status: optionalEnum(value, 'status', STATUSES, context) as SigmaStatus | undefined,
    level: optionalEnum(value, 'level', LEVELS, context) as SigmaLevel | undefined,
    tags: tags(value, context),
    related: relatedList,
    falsepositives: stringList(value, 'falsepositives', context),
    fields: stringList(value, 'fields', context),
    scope: stringList(value, 'scope', context),
    logsource: logsource(value, context),
  };
  if (!lazyDetection) {
    return { ...fields, detection: parseDetection(detection, context, ['detection']) };
  }
  // Built on first access (an own, enumerable property, so that spreading or serialising the
  // rule sees it).
  let parsed: SigmaDetection | undefined;
  const rule: SigmaRule = {
    ...fields,
    get detection(): SigmaDetection {
      parsed ??= parseDetection(detection, context, ['detection']);
      return parsed;
    },
  };
  return rule;
}

function parseDetection(
  detection: Record<string, unknown>,
  context: DocumentContext,
  path: readonly string[],
): SigmaDetection {
  if ('timeframe' in detection) {
    throw context.error(
      'SIGMA_RULE_UNSUPPORTED',
      'detection.timeframe is legacy Sigma 1.0 aggregation syntax; use a correlation rule',
      [...path, 'timeframe'],
    );
  }
  const condition = detection['condition'];
  const conditions = typeof condition === 'string' ? [condition] : condition;
  if (
    !Array.isArray(conditions) ||
    conditions.length === 0 ||
    !conditions.every((c) => typeof c === 'string' && c.trim().length > 0)
  ) {
    throw context.error(
      'SIGMA_RULE_INVALID',
      'condition is required: a string or a list of strings',
      [...path, 'condition'],
    );
  }
  const searches = new Map<string, SigmaSearch>();
  for (const [identifier, definition] of Object.entries(detection)) {
    if (identifier === 'condition') continue;
    const at = [...path, identifier];
    if (!IDENTIFIER.test(identifier)) {
      throw context.error(
        'SIGMA_RULE_INVALID',
        `search identifier '${identifier}' must not contain spaces or parentheses`,
        at,
      );
    }
    searches.set(identifier, parseSearch(definition, context, at));
  }
  return {
    searches,
    conditions: conditions as string[],
    conditionPosition: context.position([...path, 'condition'], false),
  };
}

function parseSearch(definition: unknown, context: DocumentContext, path: string[]): SigmaSearch {
  if (isRecord(definition)) {
    return { kind: 'map', items: parseMap(definition, context, path) };
  }
  if (Array.isArray(definition)) {
    if (definition.length === 0) {
      throw context.error('SIGMA_RULE_INVALID', 'a search must not be an empty list', path);
    }
    if (definition.every(isRecord)) {
      return {
        kind: 'maps',
        maps: definition.map((map, index) => parseMap(map, context, [...path, String(index)])),
      };
    }
    if (definition.every(isScalarValue)) {
      return {
        kind: 'keywords',
        items: [
          {
            field: undefined,
            modifiers: [],
            values: definition as SigmaScalar[],
            key: path[path.length - 1] ?? '',
            position: context.position(path, true),
          },
        ],
      };
    }
    throw context.error(
      'SIGMA_RULE_INVALID',
      'a search list must hold only maps or only plain values (keywords)',
      path,
    );
  }
  throw context.error(
    'SIGMA_RULE_INVALID',
    'a search must be a map, a list of maps or a list of keywords, not a single value',
    path,
  );
}

function parseMap(
  map: Record<string, unknown>,
  context: DocumentContext,
  path: string[],
): SigmaDetectionItem[] {
  const items: SigmaDetectionItem[] = [];
  for (const [key, raw] of Object.entries(map)) {
    const at = [...path, key];
    const parts = key.split('|');
    const field = parts[0] === '' ? undefined : parts[0];
    const modifiers = parts.slice(1);
    if (modifiers.some((m) => m === '')) {
      throw context.error('SIGMA_RULE_INVALID', `empty modifier in '${key}'`, at);
    }
    let values: SigmaScalar[];
    if (Array.isArray(raw)) {
      if (raw.length === 0) {
        throw context.error('SIGMA_RULE_INVALID', `'${key}' has an empty value list`, at);
      }
      if (!raw.every(isScalarValue)) {
        throw context.error(
          'SIGMA_RULE_INVALID',
          `'${key}' values must be strings, numbers, booleans or null`,
          at,
        );
      }
      values = raw as SigmaScalar[];
    } else if (isScalarValue(raw)) {
      values = [raw];
    } else {
      throw context.error(
        'SIGMA_RULE_INVALID',
        `'${key}' must have a value or a list of values, not a map`,
        at,
      );
    }
    items.push({ field, modifiers, values, key, position: context.position(at, true) });
  }
  return items;
}

function logsource(value: Record<string, unknown>, context: DocumentContext): SigmaLogsource {
  const raw = value['logsource'];
  if (!isRecord(raw)) {
    throw context.error('SIGMA_RULE_INVALID', 'logsource is required and must be a map', [
      'logsource',
    ]);
  }
  const result: { product?: string; category?: string; service?: string; definition?: string } = {};
  for (const key of ['product', 'category', 'service'] as const) {
    const entry = raw[key];
    if (entry === undefined || entry === null) continue;
    if (typeof entry !== 'string' || !LOGSOURCE_VALUE.test(entry)) {
      throw context.error(
        'SIGMA_RULE_INVALID',
        `logsource.${key} must be lowercase letters, digits, '_', '.' or '-'`,
        ['logsource', key],
      );
    }
    result[key] = entry;
  }
  if (typeof raw['definition'] === 'string') result.definition = raw['definition'];
  return result;
}

function tags(value: Record<string, unknown>, context: DocumentContext): string[] {
  const list = stringList(value, 'tags', context);
  list.forEach((tag, index) => {
    if (!TAG.test(tag)) {
      throw context.error(
        'SIGMA_RULE_INVALID',
        `tag '${tag}' does not match <namespace>.<name> (lowercase)`,
        ['tags', index],
        false,
      );
    }
  });
  return list;
}

function optionalString(
  value: Record<string, unknown>,
  key: string,
  context: DocumentContext,
): string | undefined {
  const entry = value[key];
  if (entry === undefined || entry === null) return undefined;
  if (typeof entry !== 'string') {
    throw context.error('SIGMA_RULE_INVALID', `${key} must be a string`, [key]);
  }
  return entry;
}

function optionalDate(
  value: Record<string, unknown>,
  key: string,
  context: DocumentContext,
): string | undefined {
  const entry = optionalString(value, key, context);
  if (entry !== undefined && !DATE.test(entry)) {
    throw context.error('SIGMA_RULE_INVALID', `${key} must be a YYYY-MM-DD date`, [key]);
  }
  return entry;
}

function optionalEnum(
  value: Record<string, unknown>,
  key: string,
  allowed: ReadonlySet<string>,
  context: DocumentContext,
): string | undefined {
  const entry = optionalString(value, key, context);
  if (entry !== undefined && !allowed.has(entry)) {
    throw context.error(
      'SIGMA_RULE_INVALID',
      `${key} must be one of ${[...allowed].join(', ')}, got '${entry}'`,
      [key],
    );
  }
  return entry;
}

function stringList(
  value: Record<string, unknown>,
  key: string,
  context: DocumentContext,
): string[] {
  const entry = value[key];
  if (entry === undefined || entry === null) return [];
  if (typeof entry === 'string') return [entry];
  if (!Array.isArray(entry)) {
    throw context.error('SIGMA_RULE_INVALID', `${key} must be a list of strings`, [key]);
  }
  return entry.map((item, index) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw context.error(
      'SIGMA_RULE_INVALID',
      `${key} must be a list of strings`,
      [key, index],
      false,
    );
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalarValue(value: unknown): value is SigmaScalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  );
}
