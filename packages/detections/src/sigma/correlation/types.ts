/** The correlation types of Sigma (v2.0 and v2.1). */
export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg';

/** The comparison operators of a correlation condition; several are AND-ed (a range). */
export interface CorrelationCondition {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly eq?: number;
  readonly neq?: number;
  /** The field(s) a `value_*` correlation reads (a list is read as one tuple). */
  readonly field?: readonly string[];
}

/** A parsed Sigma correlation rule. */
export interface CorrelationRule {
  /** `id`, when given. */
  readonly id?: string | undefined;
  /** `name`, when given (other correlations may reference it). */
  readonly name?: string | undefined;
  readonly title: string;
  readonly level?: string | undefined;
  readonly status?: string | undefined;
  readonly description?: string | undefined;
  readonly author?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly type: CorrelationType;
  /** Referenced rules: ids or names of detection rules or other correlations. */
  readonly rules: readonly string[];
  /** Group-by fields (AND-ed into the group key); may be empty. */
  readonly groupBy: readonly string[];
  /** The window in milliseconds. */
  readonly timespanMs: number;
  /** The condition; temporal types default to "every referenced rule matched". */
  readonly condition: CorrelationCondition | undefined;
  /** `aliases`: alias → (referenced rule name or id → field in that rule's events). */
  readonly aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Whether the referenced rules also emit their own alerts. Default `false`. */
  readonly generate: boolean;
  /** Where it was read from. */
  readonly file?: string | undefined;
  readonly line?: number | undefined;
}

/** A detection rule a correlation may reference: its id and, when it has one, its name. */
export interface RuleReference {
  readonly id: string;
  readonly name?: string | undefined;
  readonly title?: string | undefined;
}
