/**
 * Converts Sigma correlation rules to queries where the target can express them: SQL
 * self-joins over sliding windows (DuckDB, PostgreSQL), SPL `multisearch … | streamstats
 * time_window=…`, KQL `union … | join … | summarize`. The windows slide as the streaming
 * correlator's do: a window ends at each match and reaches back `timespan`; the query returns
 * every window (group, end, value) whose condition holds. A type or target that cannot be
 * expressed is reported, never approximated (ES|QL and Lucene have no sliding windows).
 *
 * @module
 */
import type {
  CorrelationCondition,
  CorrelationRule,
  CorrelationType,
} from '../correlation/types.js';
import type { SigmaRule } from '../types.js';
import { SQL_EVENT_COLUMNS } from './backends/sql.js';
import { convertSigmaRule, sigmaBackend } from './convert.js';
import { renderKqlCorrelation } from './correlation-kql.js';
import { renderSplunkCorrelation } from './correlation-splunk.js';
import { renderSqlCorrelation } from './correlation-sql.js';
import { SigmaConversionError } from './errors.js';
import { findLogsourceMapping, mappedFields } from './mapping.js';
import type { SigmaConvertOptions, SigmaQuery, SigmaQueryTarget } from './types.js';

/** One referenced rule of a correlation, converted: its query and the target fields it groups on. */
export interface CorrelationPart {
  readonly rule: SigmaRule;
  /** The rule's full query for the target (source, logsource conditions and detection). */
  readonly query: string;
  /** The source (table, index) the rule's events are in, from the mapping. */
  readonly source: string;
  /** Per `group-by` entry: the target field of this rule (aliases applied). */
  readonly groupFields: readonly string[];
  /** The target field of `condition.field`, for `value_*` types. */
  readonly valueField: string | undefined;
}

/** What a target's correlation renderer gets. */
export interface CorrelationSpec {
  readonly correlation: CorrelationRule;
  readonly type: CorrelationType;
  readonly parts: readonly CorrelationPart[];
  /** The window in milliseconds. */
  readonly timespanMs: number;
  /** The condition, defaults applied (temporal: every referenced rule). */
  readonly condition: CorrelationCondition;
  /** The event time field of the target. */
  readonly timeField: string;
}

/** The targets that express each correlation type (the documentation table is built from it). */
export const SIGMA_CORRELATION_SUPPORT: Readonly<
  Record<SigmaQueryTarget, readonly CorrelationType[]>
> = {
  splunk: ['event_count', 'value_count', 'temporal', 'value_sum', 'value_avg'],
  kql: ['event_count', 'value_count', 'temporal', 'value_sum', 'value_avg'],
  duckdb: ['event_count', 'value_count', 'temporal', 'value_sum', 'value_avg'],
  postgres: ['event_count', 'value_count', 'temporal', 'value_sum', 'value_avg'],
  esql: [],
  lucene: [],
};

const WHY_NOT: Readonly<Record<SigmaQueryTarget, string>> = {
  splunk: '',
  kql: '',
  duckdb: '',
  postgres: '',
  esql: 'ES|QL has no sliding windows: STATS … BY BUCKET() is tumbling and would miss windows that straddle a bucket edge',
  lucene: 'a Lucene query string selects documents and cannot aggregate',
};

const DEFAULT_TIME_FIELD: Readonly<Record<SigmaQueryTarget, string>> = {
  splunk: '_time',
  kql: 'TimeGenerated',
  duckdb: SQL_EVENT_COLUMNS.time,
  postgres: SQL_EVENT_COLUMNS.time,
  esql: '@timestamp',
  lucene: '@timestamp',
};

/**
 * Converts a correlation rule over the detection rules it references. Throws
 * {@link SigmaConversionError} when the target cannot express the type, a referenced rule is
 * missing or is itself a correlation, or a referenced rule cannot be converted.
 */
export function convertSigmaCorrelation(
  correlation: CorrelationRule,
  rules: readonly SigmaRule[],
  target: SigmaQueryTarget,
  options: SigmaConvertOptions = {},
): SigmaQuery {
  const ruleId = correlation.id ?? correlation.name ?? correlation.title;
  const fail = (construct: string, reason: string, code = 'SIGMA_CONVERSION_UNSUPPORTED') =>
    new SigmaConversionError(code as 'SIGMA_CONVERSION_UNSUPPORTED', {
      ruleId,
      title: correlation.title,
      target,
      construct,
      reason,
      file: correlation.file,
      line: correlation.line,
    });
  if (!SIGMA_CORRELATION_SUPPORT[target].includes(correlation.type)) {
    throw fail(
      `correlation.type: ${correlation.type}`,
      WHY_NOT[target] ||
        (correlation.type === 'temporal_ordered'
          ? 'the order of the matches inside a window is not expressed by this converter'
          : 'not supported'),
    );
  }
  const byReference = new Map<string, SigmaRule>();
  for (const rule of rules) {
    if (rule.id !== undefined) byReference.set(rule.id, rule);
    if (rule.name !== undefined) byReference.set(rule.name, rule);
  }
  const valueFields = correlation.condition?.field ?? [];
  if (valueFields.length > 1) {
    throw fail('correlation.condition.field', 'a tuple of value fields is not converted');
  }
  const parts = correlation.rules.map((reference): CorrelationPart => {
    const rule = byReference.get(reference);
    if (rule === undefined) {
      throw fail(
        'correlation.rules',
        `'${reference}' is not a loaded detection rule (chained correlations are not converted)`,
        'SIGMA_RULE_INVALID',
      );
    }
    let converted: SigmaQuery;
    try {
      converted = convertSigmaRule(rule, target, options);
    } catch (error) {
      if (SigmaConversionError.isInstance(error)) {
        throw fail(`correlation.rules: ${reference}`, error.message, error.code);
      }
      throw error;
    }
    const effective = options.mapping ?? sigmaBackendMapping(target);
    const entry = findLogsourceMapping(effective, rule.logsource);
    const field = (name: string): string => {
      const fields = mappedFields(effective, entry, name);
      if (fields === undefined || fields.length !== 1) {
        throw fail(
          `correlation field '${name}'`,
          fields === undefined
            ? `mapping '${effective.name}' has no target field for it`
            : `it maps to several target fields (${fields.join(', ')}); a group needs one`,
          'SIGMA_CONVERSION_UNMAPPED',
        );
      }
      return fields[0] as string;
    };
    const names = [reference, rule.id, rule.name].filter((n): n is string => n !== undefined);
    const groupFields = correlation.groupBy.map((groupField) => {
      const alias = correlation.aliases[groupField];
      const aliased = alias === undefined ? undefined : names.map((n) => alias[n]).find((f) => f);
      return field(aliased ?? groupField);
    });
    const valueField = valueFields[0] === undefined ? undefined : field(valueFields[0]);
    const source = entry?.source ?? effective.defaultSource ?? '';
    return { rule, query: converted.query, source, groupFields, valueField };
  });
  if (correlation.type.startsWith('value_') && valueFields.length === 0) {
    throw fail(
      'correlation.condition.field',
      `${correlation.type} needs a field`,
      'SIGMA_RULE_INVALID',
    );
  }
  const condition: CorrelationCondition =
    correlation.condition ??
    (correlation.type === 'temporal' ? { gte: new Set(correlation.rules).size } : { gte: 1 });
  const spec: CorrelationSpec = {
    correlation,
    type: correlation.type,
    parts,
    timespanMs: correlation.timespanMs,
    condition,
    timeField:
      options.mapping?.timeField ??
      sigmaBackendMapping(target).timeField ??
      DEFAULT_TIME_FIELD[target],
  };
  const query =
    target === 'splunk'
      ? renderSplunkCorrelation(spec)
      : target === 'kql'
        ? renderKqlCorrelation(spec)
        : renderSqlCorrelation(spec, target === 'postgres' ? 'postgres' : 'duckdb');
  return { ruleId, title: correlation.title, target, query };
}

function sigmaBackendMapping(target: SigmaQueryTarget) {
  return sigmaBackend(target).defaultMapping;
}
