/**
 * A correlation condition (`gte: 5`, a range) rendered as comparisons of one measured value.
 *
 * @module
 */
import type { CorrelationCondition } from '../correlation/types.js';

const OPERATORS: readonly [keyof CorrelationCondition, string][] = [
  ['gt', '>'],
  ['gte', '>='],
  ['lt', '<'],
  ['lte', '<='],
  ['eq', '=='],
  ['neq', '!='],
];

/**
 * The comparisons of a condition on `value`, AND-ed with `and`; `equals` spells equality
 * (`=` in SQL, `==` in SPL `where` and KQL) and `notEquals` inequality.
 */
export function renderCondition(
  condition: CorrelationCondition,
  value: string,
  and: string,
  equals: string,
  notEquals: string,
): string {
  const parts: string[] = [];
  for (const [key, operator] of OPERATORS) {
    const bound = condition[key];
    if (typeof bound !== 'number') continue;
    parts.push(
      `${value} ${operator === '==' ? equals : operator === '!=' ? notEquals : operator} ${bound}`,
    );
  }
  return parts.length === 0 ? `${value} >= 1` : parts.join(` ${and} `);
}
