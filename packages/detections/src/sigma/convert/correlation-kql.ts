/**
 * Correlations as KQL: the referenced rules' queries in one `union`, each tagged with its
 * rule, joined with itself on the group to form the window ending at each match, measured
 * with `summarize` (exact `count_distinct`, not the approximate `dcount`), and filtered.
 *
 * @module
 */
import type { CorrelationSpec } from './correlation.js';
import { renderCondition } from './correlation-condition.js';

/** The KQL of a correlation (see the module comment). */
export function renderKqlCorrelation(spec: CorrelationSpec): string {
  const column = (name: string): string =>
    `['${name.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
  const groups = spec.correlation.groupBy.map((_, index) => `sigma_g${index}`);
  const keys = groups.length === 0 ? ['sigma_k'] : groups;
  const parts = spec.parts.map((part, rule) => {
    const extended = [
      `sigma_rule = ${rule}`,
      `sigma_time = ${column(spec.timeField)}`,
      ...part.groupFields.map((name, index) => `sigma_g${index} = tostring(${column(name)})`),
      part.valueField === undefined
        ? `sigma_v = ''`
        : `sigma_v = tostring(${column(part.valueField)})`,
      ...(groups.length === 0 ? ['sigma_k = 1'] : []),
    ];
    return `(${part.query}\n| extend ${extended.join(', ')})`;
  });
  const measure =
    spec.type === 'event_count'
      ? 'count()'
      : spec.type === 'value_count'
        ? 'count_distinctif(s_v, isnotempty(s_v))'
        : spec.type === 'temporal'
          ? 'count_distinct(s_rule)'
          : spec.type === 'value_sum'
            ? 'sum(todouble(s_v))'
            : 'avg(todouble(s_v))';
  const renames = spec.correlation.groupBy.map(
    (name, index) => `${column(name)} = sigma_g${index}`,
  );
  return [
    `let sigma_matches = materialize(union ${parts.join(',\n')}`,
    `| project sigma_time, sigma_rule, sigma_v, ${keys.join(', ')});`,
    'sigma_matches',
    `| join kind=inner (sigma_matches | project s_time = sigma_time, s_rule = sigma_rule, s_v = sigma_v, ${keys.join(', ')}) on ${keys.join(', ')}`,
    `| where s_time between ((sigma_time - ${spec.timespanMs}ms) .. sigma_time)`,
    `| summarize sigma_value = ${measure} by ${[...keys, 'sigma_time'].join(', ')}`,
    `| where ${renderCondition(spec.condition, 'sigma_value', 'and', '==', '!=')}`,
    `| project ${[...renames, 'window_end = sigma_time', 'value = sigma_value'].join(', ')}`,
  ].join('\n');
}
