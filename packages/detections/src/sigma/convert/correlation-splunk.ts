/**
 * Correlations as SPL: the referenced rules' searches in one `multisearch`, each tagged with
 * its rule, sorted by time, `streamstats time_window=…` per group (a window ending at each
 * event), and the condition in `where`.
 *
 * @module
 */
import type { CorrelationSpec } from './correlation.js';
import { renderCondition } from './correlation-condition.js';

/** The SPL of a correlation (see the module comment). */
export function renderSplunkCorrelation(spec: CorrelationSpec): string {
  const field = (name: string): string => `'${name.replaceAll("'", "\\'")}'`;
  const seconds = spec.timespanMs / 1000;
  const window = Number.isInteger(seconds) ? `${seconds}s` : `${spec.timespanMs}ms`;
  const searches = spec.parts.map((part, rule) => {
    const assignments = [
      `sigma_rule=${rule}`,
      ...part.groupFields.map((name, index) => `sigma_g${index}=${field(name)}`),
      ...(part.valueField === undefined ? [] : [`sigma_v=${field(part.valueField)}`]),
    ];
    return `[search ${part.query} | eval ${assignments.join(', ')}]`;
  });
  const groups = spec.correlation.groupBy.map((_, index) => `sigma_g${index}`);
  const measure =
    spec.type === 'event_count'
      ? 'count'
      : spec.type === 'value_count'
        ? 'dc(sigma_v)'
        : spec.type === 'temporal'
          ? 'dc(sigma_rule)'
          : spec.type === 'value_sum'
            ? 'sum(sigma_v)'
            : 'avg(sigma_v)';
  const by = groups.length === 0 ? '' : ` by ${groups.join(' ')}`;
  const renames = spec.correlation.groupBy.map(
    (name, index) => `sigma_g${index} AS "${name.replaceAll('"', '\\"')}"`,
  );
  return [
    `| multisearch ${searches.join(' ')}`,
    '| sort 0 _time',
    `| streamstats time_window=${window} ${measure} AS sigma_value${by}`,
    `| where ${renderCondition(spec.condition, 'sigma_value', 'AND', '==', '!=')}`,
    ...(renames.length === 0 ? [] : [`| rename ${renames.join(', ')}`]),
  ].join('\n');
}
