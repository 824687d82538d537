/**
 * The types of Sigma query conversion: targets, field and logsource mappings (data), options,
 * results, and the backend contract each query language implements.
 *
 * @module
 */
import type { SigmaLogsource } from '../field-access.js';
import type { SigmaRule } from '../types.js';
import type { SigmaQueryNode } from './query-tree.js';

/** The query languages a Sigma rule converts to. */
export type SigmaQueryTarget = 'splunk' | 'esql' | 'lucene' | 'kql' | 'duckdb' | 'postgres';

/** Every {@link SigmaQueryTarget}, in documentation order. */
export const SIGMA_QUERY_TARGETS: readonly SigmaQueryTarget[] = [
  'splunk',
  'esql',
  'lucene',
  'kql',
  'duckdb',
  'postgres',
];

/** A scalar a logsource condition compares a field with. */
export type SigmaMappingScalar = string | number;

/**
 * Where the events of one logsource live in the target: the source (Splunk `index=… source=…`
 * search terms, an ES|QL/Lucene index pattern, a KQL table, an SQL table) and the field
 * conditions that select the logsource's events in it (`EventID: 1`, `Channel: …`).
 */
export interface SigmaLogsourceMapping {
  /** The logsource this entry applies to; keys not given match anything. */
  readonly product?: string | undefined;
  readonly category?: string | undefined;
  readonly service?: string | undefined;
  /** The target source: index, data stream pattern, table. */
  readonly source?: string | undefined;
  /** Target field → value(s) (a list is OR-ed), AND-ed with the rule's own condition. */
  readonly conditions?:
    | Readonly<Record<string, SigmaMappingScalar | readonly SigmaMappingScalar[]>>
    | undefined;
  /**
   * Field renames that apply to this logsource only, over {@link SigmaQueryMapping.fields};
   * the key `'*'` is a template for every field not listed (`'*': 'EventData.*'`).
   */
  readonly fields?: Readonly<Record<string, string | readonly string[]>> | undefined;
}

/**
 * A field and logsource mapping for one target schema, as data (JSON-serialisable): Sigma
 * field names → the target's field names, and logsources → where their events live. Tenants
 * override a mapping with {@link mergeQueryMappings}.
 */
export interface SigmaQueryMapping {
  /** A short name (`splunk-windows`, `ecs`, `sentinel`, `ocsf`). */
  readonly name: string;
  readonly description?: string | undefined;
  /**
   * Sigma field → target field; a list names several target fields, any of which may hold
   * the value (the predicate is OR-ed over them; `null` is AND-ed).
   */
  readonly fields: Readonly<Record<string, string | readonly string[]>>;
  /**
   * What a Sigma field not in {@link fields} becomes: `'keep'` (default) uses its Sigma name,
   * `'fail'` makes the rule unconvertible (the reason names the field).
   */
  readonly unmappedFields?: 'keep' | 'fail' | undefined;
  /** Logsource entries; the most specific entry that applies wins. */
  readonly logsources: readonly SigmaLogsourceMapping[];
  /** The source when no logsource entry applies (`undefined`: the rule is unconvertible). */
  readonly defaultSource?: string | undefined;
  /**
   * The field keyword (field-less) searches look in, for targets that need one (`_raw`,
   * `message`); SQL targets use their keyword column. `undefined`: the target's default.
   */
  readonly keywordField?: string | undefined;
  /**
   * The event time field correlation windows are measured on (`_time` in Splunk and in the
   * hunting tables, `TimeGenerated` in Sentinel, `@timestamp` in Elastic). `undefined`: the
   * target's default.
   */
  readonly timeField?: string | undefined;
}

/** A tenant's overrides of a mapping: any key of {@link SigmaQueryMapping}. */
export type SigmaQueryMappingOverride = {
  readonly [K in keyof SigmaQueryMapping]?: SigmaQueryMapping[K] | undefined;
};

/** Options of {@link convertSigmaRule}. */
export interface SigmaConvertOptions {
  /** The mapping; default: the target's built-in mapping for Windows logs. */
  readonly mapping?: SigmaQueryMapping | undefined;
  /** Placeholder values for `expand`; an unresolved placeholder makes the rule unconvertible. */
  readonly placeholders?: Readonly<Record<string, readonly string[]>> | undefined;
  /**
   * Leave the source and logsource conditions out and render the predicate only (for hunts
   * that pick the source themselves). Default `false`.
   */
  readonly predicateOnly?: boolean | undefined;
}

/** A converted rule. */
export interface SigmaQuery {
  readonly ruleId: string;
  readonly title: string;
  readonly target: SigmaQueryTarget;
  readonly query: string;
  /** The logsource mapping entry used, when one applied. */
  readonly logsource?: SigmaLogsourceMapping | undefined;
}

/** What a backend needs to render one rule. */
export interface SigmaBackendContext {
  readonly rule: SigmaRule;
  readonly mapping: SigmaQueryMapping;
  /** The target fields of a Sigma field (after logsource and global renames). */
  fields(field: string): readonly string[];
  /** The logsource entry for the rule, or `undefined` when none applies. */
  readonly logsource: SigmaLogsourceMapping | undefined;
  /** The source (index, table) of the rule's events, when known. */
  readonly source: string | undefined;
  /** Render the predicate only, without source and logsource conditions. */
  readonly predicateOnly: boolean;
  /** Throws the conversion error for a construct this target cannot express. */
  unsupported(construct: string, why: string): never;
}

/**
 * One query language: renders a rule's query tree to a query. A construct the language cannot
 * express calls {@link SigmaBackendContext.unsupported}; a backend never emits a query that
 * means something else.
 */
export interface SigmaQueryBackend {
  readonly target: SigmaQueryTarget;
  /** The built-in mapping used when the caller gives none. */
  readonly defaultMapping: SigmaQueryMapping;
  /** Renders the rule: source, logsource conditions and the detection. */
  render(tree: SigmaQueryNode, context: SigmaBackendContext): string;
}

/** A logsource as rules state it, re-exported for mappings. */
export type { SigmaLogsource };
