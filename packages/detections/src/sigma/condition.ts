/**
 * The Sigma condition grammar: `and`, `or`, `not`, parentheses, `1 of`/`all of`/`any of`
 * a pattern or `them`. Precedence, loosest first: `or` < `and` < `not` < `x of` < `( … )`.
 *
 * @module
 */

import { SigmaRuleError } from './errors.js';

/** A parsed condition. */
export type ConditionNode =
  | { readonly type: 'and' | 'or'; readonly children: readonly ConditionNode[] }
  | { readonly type: 'not'; readonly child: ConditionNode }
  | { readonly type: 'identifier'; readonly name: string }
  | { readonly type: 'of'; readonly quantifier: 'one' | 'all'; readonly pattern: string };

/**
 * A Sigma condition that does not parse (code `SIGMA_CONDITION_INVALID`), or that uses the legacy
 * pipe aggregations (code `SIGMA_RULE_UNSUPPORTED`). A {@link SigmaRuleError}; `offset` is 0-based
 * in the condition text.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sigma_condition_invalid | SIGMA_CONDITION_INVALID in the error reference}
 */
export class SigmaConditionSyntaxError extends SigmaRuleError {
  /** Marks Sigma condition syntax errors (see {@link SigmaRuleError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.detections.SigmaConditionSyntaxError',
  );
  declare readonly code: 'SIGMA_CONDITION_INVALID' | 'SIGMA_RULE_UNSUPPORTED';
  /** Where parsing stopped, 0-based in the condition text. */
  readonly offset: number;

  constructor(
    message: string,
    offset: number,
    code: 'SIGMA_CONDITION_INVALID' | 'SIGMA_RULE_UNSUPPORTED' = 'SIGMA_CONDITION_INVALID',
  ) {
    super(code, message);
    this.name = 'SigmaConditionSyntaxError';
    this.offset = offset;
  }
}

interface Token {
  readonly text: string;
  readonly offset: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of']);

function tokenize(condition: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:([()])|(\|)|([A-Za-z0-9_*.-]+)|(\S))/y;
  let match: RegExpExecArray | null;
  for (;;) {
    const at = pattern.lastIndex;
    match = pattern.exec(condition);
    if (match === null) break;
    const offset = at + (match[0].length - match[0].trimStart().length);
    if (match[2] !== undefined) {
      throw new SigmaConditionSyntaxError(
        'pipe aggregations (`| count() …`, `| near …`) are legacy Sigma 1.0 syntax; use a correlation rule',
        offset,
        'SIGMA_RULE_UNSUPPORTED',
      );
    }
    if (match[4] !== undefined) {
      throw new SigmaConditionSyntaxError(`unexpected character '${match[4]}'`, offset);
    }
    tokens.push({ text: (match[1] ?? match[3]) as string, offset });
    if (pattern.lastIndex >= condition.length) break;
  }
  if (condition.slice(pattern.lastIndex).trim() !== '' && match === null) {
    throw new SigmaConditionSyntaxError('unexpected text', pattern.lastIndex);
  }
  return tokens;
}

/** Parses a condition into a tree. Throws {@link SigmaConditionSyntaxError}. */
export function parseCondition(condition: string): ConditionNode {
  const tokens = tokenize(condition);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const end = condition.length;
  const expect = (text: string): void => {
    const token = peek();
    if (token?.text !== text) {
      throw new SigmaConditionSyntaxError(
        `expected '${text}'${token === undefined ? ' at the end' : `, got '${token.text}'`}`,
        token?.offset ?? end,
      );
    }
    position++;
  };
  const parseOr = (): ConditionNode => {
    const children = [parseAnd()];
    while (peek()?.text === 'or') {
      position++;
      children.push(parseAnd());
    }
    return children.length === 1 ? (children[0] as ConditionNode) : { type: 'or', children };
  };
  const parseAnd = (): ConditionNode => {
    const children = [parseNot()];
    while (peek()?.text === 'and') {
      position++;
      children.push(parseNot());
    }
    return children.length === 1 ? (children[0] as ConditionNode) : { type: 'and', children };
  };
  const parseNot = (): ConditionNode => {
    if (peek()?.text === 'not') {
      position++;
      return { type: 'not', child: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const token = peek();
    if (token === undefined)
      throw new SigmaConditionSyntaxError('unexpected end of condition', end);
    if (token.text === '(') {
      position++;
      const inner = parseOr();
      expect(')');
      return inner;
    }
    const next = tokens[position + 1];
    if (next?.text === 'of') {
      if (token.text !== '1' && token.text !== 'all' && token.text !== 'any') {
        throw new SigmaConditionSyntaxError(
          `'${token.text} of' is not supported: use '1 of' or 'all of'`,
          token.offset,
        );
      }
      position += 2;
      const target = peek();
      if (
        target === undefined ||
        target.text === '(' ||
        target.text === ')' ||
        KEYWORDS.has(target.text)
      ) {
        throw new SigmaConditionSyntaxError(
          "expected a pattern or 'them' after 'of'",
          target?.offset ?? end,
        );
      }
      position++;
      return { type: 'of', quantifier: token.text === 'all' ? 'all' : 'one', pattern: target.text };
    }
    if (token.text === ')' || KEYWORDS.has(token.text)) {
      throw new SigmaConditionSyntaxError(`unexpected '${token.text}'`, token.offset);
    }
    if (token.text.includes('*')) {
      throw new SigmaConditionSyntaxError(
        `a pattern ('${token.text}') needs '1 of' or 'all of'`,
        token.offset,
      );
    }
    position++;
    return { type: 'identifier', name: token.text };
  };
  const tree = parseOr();
  const rest = peek();
  if (rest !== undefined) {
    throw new SigmaConditionSyntaxError(`unexpected '${rest.text}'`, rest.offset);
  }
  return tree;
}

/**
 * The search identifiers a `x of <pattern>` selector covers: `them` is every identifier not
 * starting with `_`; a pattern (`*` wildcards) is matched against whole names, and leaves out
 * `_` identifiers unless the pattern itself starts with `_`.
 */
export function resolveSelector(pattern: string, identifiers: readonly string[]): string[] {
  if (pattern === 'them') return identifiers.filter((name) => !name.startsWith('_'));
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[\\^$.+?()[\]{}|/-]/g, '\\$&'))
      .join('.*')}$`,
  );
  return identifiers.filter(
    (name) => regex.test(name) && (pattern.startsWith('_') || !name.startsWith('_')),
  );
}
