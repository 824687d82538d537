/**
 * CACAO conditions: the comparison subset of STIX patterning that playbooks use in practice
 * (`__severity__:value >= 70`, `[__os__:value = 'windows' AND __host__:value != '']`), with `AND`,
 * `OR`, `NOT`, parentheses and brackets. Operators: `=` `==` `!=` `<` `<=` `>` `>=` `IN (…)` `LIKE`
 * `MATCHES`. A bare operand is true when it is `true`, a non-zero number or a non-empty string.
 */

import { OpenMdrError } from '@openmdr/core';

/** A parsed condition, ready to evaluate. */
export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; operator: ComparisonOperator; left: Operand; right: Operand | Operand[] }
  | { kind: 'truthy'; operand: Operand };

/** A comparison operator. */
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'LIKE' | 'MATCHES';

/** A literal or a variable reference. */
export type Operand = { kind: 'literal'; value: string } | { kind: 'variable'; name: string };

/**
 * A playbook condition outside the supported syntax (code `PLAYBOOK_CONDITION_SYNTAX`); `offset`
 * is the character where parsing stopped.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#playbook_condition_syntax | PLAYBOOK_CONDITION_SYNTAX in the error reference}
 */
export class PlaybookConditionSyntaxError extends OpenMdrError {
  /** Marks playbook condition syntax errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.PlaybookConditionSyntaxError',
  );
  declare readonly code: 'PLAYBOOK_CONDITION_SYNTAX';
  /** Where parsing stopped, 0-based in the condition text. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super('PLAYBOOK_CONDITION_SYNTAX', `${message} at character ${offset + 1}`, {
      details: { offset },
    });
    this.name = 'PlaybookConditionSyntaxError';
    this.offset = offset;
  }
}

type Token = {
  kind: 'word' | 'string' | 'operator' | 'punct' | 'variable';
  text: string;
  at: number;
};

const OPERATORS = ['==', '!=', '<=', '>=', '=', '<', '>'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (char === "'" || char === '"') {
      let end = index + 1;
      let text = '';
      while (end < source.length && source[end] !== char) {
        if (source[end] === '\\' && end + 1 < source.length) end++;
        text += source[end];
        end++;
      }
      if (end >= source.length)
        throw new PlaybookConditionSyntaxError('unterminated string', index);
      tokens.push({ kind: 'string', text, at: index });
      index = end + 1;
      continue;
    }
    if ('()[],'.includes(char)) {
      tokens.push({ kind: 'punct', text: char, at: index });
      index++;
      continue;
    }
    const operator = OPERATORS.find((candidate) => source.startsWith(candidate, index));
    if (operator !== undefined) {
      tokens.push({ kind: 'operator', text: operator === '==' ? '=' : operator, at: index });
      index += operator.length;
      continue;
    }
    const variable = /^__[a-zA-Z_][a-zA-Z0-9_-]{0,199}__(:value)?/.exec(source.slice(index));
    if (variable !== null) {
      tokens.push({ kind: 'variable', text: variable[0].replace(/:value$/, ''), at: index });
      index += variable[0].length;
      continue;
    }
    const word = /^[A-Za-z0-9_.:\-+]+/.exec(source.slice(index));
    if (word === null) throw new PlaybookConditionSyntaxError(`unexpected '${char}'`, index);
    tokens.push({ kind: 'word', text: word[0], at: index });
    index += word[0].length;
  }
  return tokens;
}

/**
 * Parses a condition.
 *
 * @throws PlaybookConditionSyntaxError when the text is outside the supported subset.
 */
export function parseCondition(source: string): Condition {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const at = (): number => peek()?.at ?? source.length;
  const isWord = (token: Token | undefined, word: string): boolean =>
    token?.kind === 'word' && token.text.toUpperCase() === word;
  const expect = (text: string): void => {
    const token = peek();
    if (token?.kind !== 'punct' || token.text !== text) {
      throw new PlaybookConditionSyntaxError(`expected '${text}'`, at());
    }
    position++;
  };

  const operand = (): Operand => {
    const token = peek();
    if (token === undefined) throw new PlaybookConditionSyntaxError('expected a value', at());
    if (token.kind === 'variable') {
      position++;
      return { kind: 'variable', name: token.text };
    }
    if (token.kind === 'string' || token.kind === 'word') {
      position++;
      return { kind: 'literal', value: token.text };
    }
    throw new PlaybookConditionSyntaxError(`expected a value, found '${token.text}'`, token.at);
  };

  const primary = (): Condition => {
    const token = peek();
    if (token?.kind === 'punct' && (token.text === '(' || token.text === '[')) {
      position++;
      const inner = or();
      expect(token.text === '(' ? ')' : ']');
      return inner;
    }
    const left = operand();
    const next = peek();
    if (next?.kind === 'operator') {
      position++;
      return { kind: 'compare', operator: next.text as ComparisonOperator, left, right: operand() };
    }
    if (isWord(next, 'IN')) {
      position++;
      expect('(');
      const list: Operand[] = [operand()];
      while (peek()?.kind === 'punct' && peek()?.text === ',') {
        position++;
        list.push(operand());
      }
      expect(')');
      return { kind: 'compare', operator: 'IN', left, right: list };
    }
    if (isWord(next, 'LIKE') || isWord(next, 'MATCHES')) {
      position++;
      const operator = (next as Token).text.toUpperCase() as ComparisonOperator;
      const right = operand();
      if (operator === 'MATCHES' && right.kind === 'literal') {
        try {
          new RegExp(right.value);
        } catch {
          throw new PlaybookConditionSyntaxError('invalid regular expression', at());
        }
      }
      return { kind: 'compare', operator, left, right };
    }
    return { kind: 'truthy', operand: left };
  };

  const not = (): Condition => {
    if (isWord(peek(), 'NOT')) {
      position++;
      return { kind: 'not', operand: not() };
    }
    return primary();
  };
  const and = (): Condition => {
    let left = not();
    while (isWord(peek(), 'AND')) {
      position++;
      left = { kind: 'and', left, right: not() };
    }
    return left;
  };
  const or = (): Condition => {
    let left = and();
    while (isWord(peek(), 'OR')) {
      position++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  if (tokens.length === 0) throw new PlaybookConditionSyntaxError('empty condition', 0);
  const condition = or();
  if (position < tokens.length) {
    throw new PlaybookConditionSyntaxError(`unexpected '${(peek() as Token).text}'`, at());
  }
  return condition;
}

/** The value of each variable by name (`__host__`). */
export type VariableValues = Readonly<Record<string, string | null | undefined>>;

function resolve(operand: Operand, values: VariableValues): string {
  return operand.kind === 'literal' ? operand.value : (values[operand.name] ?? '');
}

function compare(left: string, right: string): number {
  const a = Number(left);
  const b = Number(right);
  if (left.trim() !== '' && right.trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) {
    return a - b;
  }
  return left < right ? -1 : left > right ? 1 : 0;
}

function like(value: string, pattern: string): boolean {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 's').test(value);
}

/** Evaluates a parsed condition against variable values (missing variables are `''`). */
export function evaluateCondition(condition: Condition, values: VariableValues): boolean {
  switch (condition.kind) {
    case 'and':
      return (
        evaluateCondition(condition.left, values) && evaluateCondition(condition.right, values)
      );
    case 'or':
      return (
        evaluateCondition(condition.left, values) || evaluateCondition(condition.right, values)
      );
    case 'not':
      return !evaluateCondition(condition.operand, values);
    case 'truthy': {
      const value = resolve(condition.operand, values).trim();
      return value !== '' && value.toLowerCase() !== 'false' && value !== '0';
    }
    case 'compare': {
      const left = resolve(condition.left, values);
      if (Array.isArray(condition.right)) {
        return condition.right.some((item) => compare(left, resolve(item, values)) === 0);
      }
      const right = resolve(condition.right, values);
      switch (condition.operator) {
        case '=':
          return compare(left, right) === 0;
        case '!=':
          return compare(left, right) !== 0;
        case '<':
          return compare(left, right) < 0;
        case '<=':
          return compare(left, right) <= 0;
        case '>':
          return compare(left, right) > 0;
        case '>=':
          return compare(left, right) >= 0;
        case 'LIKE':
          return like(left, right);
        case 'MATCHES':
          return new RegExp(right).test(left);
        default:
          return false;
      }
    }
  }
}
