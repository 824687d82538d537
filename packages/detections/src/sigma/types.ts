import type { SigmaLogsource } from './field-access.js';

/** A scalar value of a detection item: what YAML gives (`null` means "field is null/absent"). */
export type SigmaScalar = string | number | boolean | null;

/** The 1-based position of a node in its file. */
export interface SigmaPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * One `Field|mod1|mod2: value(s)` entry of a search identifier, or the value list of a keyword
 * search (`field` undefined).
 */
export interface SigmaDetectionItem {
  /** The field name; `undefined` for keyword (field-less) searches. */
  readonly field: string | undefined;
  /** The modifiers in chain order, as written. */
  readonly modifiers: readonly string[];
  /** The values (a YAML list is OR-ed unless `all` is set). */
  readonly values: readonly SigmaScalar[];
  /** The key as written (`CommandLine|contains|all`), for errors. */
  readonly key: string;
  /** Where the key is. */
  readonly position?: SigmaPosition | undefined;
}

/**
 * A search identifier's definition: a map (items AND-ed), a list of maps (maps OR-ed), or a
 * keyword list.
 */
export type SigmaSearch =
  | { readonly kind: 'map'; readonly items: readonly SigmaDetectionItem[] }
  | { readonly kind: 'maps'; readonly maps: readonly (readonly SigmaDetectionItem[])[] }
  | { readonly kind: 'keywords'; readonly items: readonly SigmaDetectionItem[] };

/** The `detection` section: named searches and one or more conditions (OR-ed). */
export interface SigmaDetection {
  readonly searches: ReadonlyMap<string, SigmaSearch>;
  readonly conditions: readonly string[];
  /** Where the first condition is. */
  readonly conditionPosition?: SigmaPosition | undefined;
}

/** Where a document came from. */
export interface SigmaSource {
  /** The file, when read from one. */
  readonly file?: string | undefined;
  /** 0-based index of the document in a multi-document file. */
  readonly document: number;
  /** 1-based line where the document starts. */
  readonly line: number;
}

/** `related` entry of a rule. */
export interface SigmaRelated {
  readonly id: string;
  readonly type: 'derived' | 'obsolete' | 'merged' | 'renamed' | 'similar';
}

/** Rule status values of the specification. */
export type SigmaStatus = 'stable' | 'test' | 'experimental' | 'deprecated' | 'unsupported';
/** Rule level values of the specification. */
export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** The fields every kind of Sigma document shares. */
interface SigmaDocumentBase {
  readonly title: string;
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly author?: string | undefined;
  readonly license?: string | undefined;
  readonly references: readonly string[];
  readonly date?: string | undefined;
  readonly modified?: string | undefined;
  readonly taxonomy: string;
  readonly source: SigmaSource;
  /** The whole document as parsed (custom fields included). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** A Sigma detection rule. */
export interface SigmaRule extends SigmaDocumentBase {
  readonly kind: 'rule';
  readonly status?: SigmaStatus | undefined;
  readonly level?: SigmaLevel | undefined;
  readonly tags: readonly string[];
  readonly related: readonly SigmaRelated[];
  readonly falsepositives: readonly string[];
  readonly fields: readonly string[];
  readonly scope: readonly string[];
  readonly logsource: SigmaLogsource;
  readonly detection: SigmaDetection;
}

/** A Sigma meta-filter: suppresses matches of the rules it names when its condition holds. */
export interface SigmaFilter extends SigmaDocumentBase {
  readonly kind: 'filter';
  readonly logsource: SigmaLogsource;
  /** Ids or names of the rules the filter applies to. */
  readonly rules: readonly string[];
  readonly detection: SigmaDetection;
}

/**
 * A Sigma correlation document, parsed for its meta-data only; the `correlation` map is kept
 * raw (see the correlation module for its semantics).
 */
export interface SigmaCorrelationDocument extends SigmaDocumentBase {
  readonly kind: 'correlation';
  readonly status?: SigmaStatus | undefined;
  readonly level?: SigmaLevel | undefined;
  readonly tags: readonly string[];
  readonly correlation: Readonly<Record<string, unknown>>;
}

/** Any Sigma document. */
export type SigmaDocument = SigmaRule | SigmaFilter | SigmaCorrelationDocument;
