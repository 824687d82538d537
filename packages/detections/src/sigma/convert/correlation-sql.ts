/**
 * Correlations as SQL (DuckDB, PostgreSQL): the referenced rules' matches in one CTE, a
 * self-join that forms the window ending at each match (matches of the same group at most
 * `timespan` earlier, ties broken by input order as the stream sees them), the measure, and
 * the condition.
 *
 * @module
 */
import type { CorrelationSpec } from './correlation.js';
import { renderCondition } from './correlation-condition.js';

/** The SQL of a correlation (see the module comment). */
export function renderSqlCorrelation(
  spec: CorrelationSpec,
  dialect: 'duckdb' | 'postgres',
): string {
  const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'text';
  const groups = spec.correlation.groupBy.map((_, index) => `g${index}`);
  const time = ident(spec.timeField);
  const selects = spec.parts.map((part, rule) => {
    const columns = [
      `t._line`,
      `t.${time} AS _time`,
      `${rule} AS _rule`,
      ...part.groupFields.map((field, index) => `CAST(t.${ident(field)} AS ${text}) AS g${index}`),
      part.valueField === undefined
        ? `CAST(NULL AS ${text}) AS v`
        : `CAST(t.${ident(part.valueField)} AS ${text}) AS v`,
    ];
    return `  SELECT ${columns.join(', ')} FROM ${part.source} t WHERE t._line IN (${part.query})`;
  });
  const sameGroup = groups.map((g) => `s.${g} IS NOT DISTINCT FROM e.${g}`);
  const inWindow = [
    `s._time >= e._time - ${spec.timespanMs}`,
    `(s._time < e._time OR (s._time = e._time AND (s._line < e._line OR (s._line = e._line AND s._rule <= e._rule))))`,
  ];
  const number =
    dialect === 'duckdb'
      ? `CASE WHEN s.v IS NULL OR trim(s.v) = '' THEN 0 WHEN regexp_full_match(trim(s.v), '${NUMERIC}') THEN CAST(trim(s.v) AS DOUBLE) END`
      : `CASE WHEN s.v IS NULL OR trim(s.v) = '' THEN 0 WHEN trim(s.v) ~ '^${NUMERIC}$' THEN CAST(trim(s.v) AS double precision) END`;
  const measure =
    spec.type === 'event_count'
      ? 'COUNT(*)'
      : spec.type === 'value_count'
        ? 'COUNT(DISTINCT s.v)'
        : spec.type === 'temporal'
          ? 'COUNT(DISTINCT s._rule)'
          : spec.type === 'value_sum'
            ? `COALESCE(SUM(${number}), 0)`
            : `COALESCE(AVG(${number}), 0)`;
  const groupColumns = groups.map((g) => `e.${g}`);
  const output = spec.correlation.groupBy.map((field, index) => `g${index} AS ${ident(field)}`);
  return [
    'WITH matches AS (',
    selects.join('\n  UNION ALL\n'),
    '), windows AS (',
    `  SELECT e._line AS end_line, e._time AS window_end, ${[...groupColumns, ''].join(', ')}${measure} AS value`,
    `  FROM matches e JOIN matches s ON ${[...sameGroup, ...inWindow].join(' AND ')}`,
    `  GROUP BY e._line, e._rule, e._time${groupColumns.map((c) => `, ${c}`).join('')}`,
    ')',
    `SELECT ${[...output, 'window_end', 'value'].join(', ')} FROM windows WHERE ${renderCondition(spec.condition, 'value', 'AND', '=', '<>')} ORDER BY window_end, end_line`,
  ].join('\n');
}

/** A decimal number as JavaScript's `Number()` reads one (no hex, no `Infinity`). */
const NUMERIC = '[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?';
