/**
 * A parser of the STIX 2.1 patterning language (STIX 2.1 §9): observation expressions with
 * `AND`, `OR`, `FOLLOWEDBY` and qualifiers, comparison expressions with `AND`, `OR`, `NOT`,
 * the operators `=`, `!=`, `<`, `>`, `<=`, `>=`, `IN`, `LIKE`, `MATCHES`, `ISSUBSET`,
 * `ISSUPERSET`, `EXISTS`, and the literal kinds string, integer, float, boolean,
 * timestamp (`t'…'`), hex (`h'…'`) and binary (`b'…'`).
 */
import { IntelError } from './errors.js';

/** A literal in a pattern. */
export type StixLiteral =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'integer' | 'float'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'timestamp' | 'hex' | 'binary'; readonly value: string };

/** One step of an object path: a property name, a list index, or `*` (any element). */
export type StixPathStep = string | number | '*';

/** An object path such as `file:hashes.'SHA-256'`. */
export interface StixObjectPath {
  /** The STIX Cyber-observable Object type (`file`, `ipv4-addr`). */
  readonly objectType: string;
  /** The property steps after the colon. */
  readonly steps: readonly StixPathStep[];
  /** The path as written, normalised (`file:hashes.'SHA-256'`). */
  readonly text: string;
}

/** The comparison operators. */
export type StixComparisonOperator =
  | '='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'IN'
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUBSET'
  | 'ISSUPERSET'
  | 'EXISTS';

/** One comparison: `<path> [NOT] <operator> <value>`. */
export interface StixComparison {
  readonly type: 'comparison';
  /** The object path compared. */
  readonly path: StixObjectPath;
  /** The operator. */
  readonly operator: StixComparisonOperator;
  /** `NOT` was written before the operator (or before `EXISTS`). */
  readonly negated: boolean;
  /** The literal(s): a list for `IN`, none for `EXISTS`. */
  readonly value: StixLiteral | readonly StixLiteral[] | undefined;
  /** 0-based offset of the comparison in the pattern. */
  readonly offset: number;
}

/** A comparison expression (inside `[...]`). */
export type StixComparisonExpression =
  | StixComparison
  | {
      readonly type: 'and' | 'or';
      readonly operands: readonly StixComparisonExpression[];
    };

/** A qualifier of an observation expression. */
export type StixQualifier =
  | { readonly kind: 'within'; readonly seconds: number }
  | { readonly kind: 'repeats'; readonly times: number }
  | { readonly kind: 'start-stop'; readonly start: string; readonly stop: string };

/** An observation expression. */
export type StixObservationExpression =
  | { readonly type: 'observation'; readonly expression: StixComparisonExpression }
  | {
      readonly type: 'and' | 'or' | 'followedby';
      readonly operands: readonly StixObservationExpression[];
    }
  | {
      readonly type: 'qualified';
      readonly expression: StixObservationExpression;
      readonly qualifier: StixQualifier;
    };

type TokenKind =
  | 'lbracket'
  | 'rbracket'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'colon'
  | 'dot'
  | 'operator'
  | 'word'
  | 'string'
  | 'number'
  | 'typed'
  | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  /** For `typed` literals: the prefix letter (`t`, `h`, `b`). */
  prefix?: string;
  offset: number;
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'MATCHES',
  'ISSUBSET',
  'ISSUPERSET',
  'EXISTS',
  'FOLLOWEDBY',
  'WITHIN',
  'SECONDS',
  'REPEATS',
  'TIMES',
  'START',
  'STOP',
]);

function syntaxError(message: string, offset: number): IntelError {
  return new IntelError('INTEL_PATTERN_SYNTAX', message, { offset });
}

function readQuoted(pattern: string, start: number): { text: string; end: number } {
  let text = '';
  let index = start + 1;
  while (index < pattern.length) {
    const char = pattern[index] as string;
    if (char === '\\') {
      const next = pattern[index + 1];
      if (next !== "'" && next !== '\\')
        throw syntaxError(`invalid escape \\${next ?? ''} in string literal`, index);
      text += next;
      index += 2;
      continue;
    }
    if (char === "'") return { text, end: index + 1 };
    text += char;
    index += 1;
  }
  throw syntaxError('unterminated string literal', start);
}

const NUMBER = /-?\d+(\.\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_-]*/y;
const SPACE = /\s/;

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const single: Record<string, TokenKind> = {
    '[': 'lbracket',
    ']': 'rbracket',
    '(': 'lparen',
    ')': 'rparen',
    ',': 'comma',
    ':': 'colon',
    '.': 'dot',
  };
  while (index < pattern.length) {
    const char = pattern[index] as string;
    if (SPACE.test(char)) {
      index += 1;
      continue;
    }
    const kind = single[char];
    if (kind !== undefined) {
      tokens.push({ kind, text: char, offset: index });
      index += 1;
      continue;
    }
    const two = pattern.slice(index, index + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '==' || two === '<>') {
      tokens.push({
        kind: 'operator',
        text: two === '==' ? '=' : two === '<>' ? '!=' : two,
        offset: index,
      });
      index += 2;
      continue;
    }
    if (char === '*') {
      tokens.push({ kind: 'word', text: '*', offset: index });
      index += 1;
      continue;
    }
    if (char === '=' || char === '<' || char === '>') {
      tokens.push({ kind: 'operator', text: char, offset: index });
      index += 1;
      continue;
    }
    if (char === "'") {
      const { text, end } = readQuoted(pattern, index);
      tokens.push({ kind: 'string', text, offset: index });
      index = end;
      continue;
    }
    if ((char === 't' || char === 'h' || char === 'b') && pattern[index + 1] === "'") {
      const { text, end } = readQuoted(pattern, index + 1);
      tokens.push({ kind: 'typed', text, prefix: char, offset: index });
      index = end;
      continue;
    }
    NUMBER.lastIndex = index;
    const number = char === '-' || (char >= '0' && char <= '9') ? NUMBER.exec(pattern) : null;
    if (number !== null) {
      tokens.push({ kind: 'number', text: number[0], offset: index });
      index += number[0].length;
      continue;
    }
    WORD.lastIndex = index;
    const word = WORD.exec(pattern);
    if (word !== null) {
      tokens.push({ kind: 'word', text: word[0], offset: index });
      index += word[0].length;
      continue;
    }
    throw syntaxError(`unexpected character '${char}'`, index);
  }
  tokens.push({ kind: 'end', text: '', offset: pattern.length });
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.position] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === word;
  }

  private expect(kind: TokenKind, what: string): Token {
    const token = this.next();
    if (token.kind !== kind)
      throw syntaxError(
        `expected ${what}, found ${token.kind === 'end' ? 'end of pattern' : `'${token.text}'`}`,
        token.offset,
      );
    return token;
  }

  parsePattern(): StixObservationExpression {
    const expression = this.parseFollowedBy();
    const rest = this.peek();
    if (rest.kind !== 'end') throw syntaxError(`unexpected '${rest.text}'`, rest.offset);
    return expression;
  }

  private parseFollowedBy(): StixObservationExpression {
    const operands = [this.parseObservationOr()];
    while (this.isKeyword('FOLLOWEDBY')) {
      this.next();
      operands.push(this.parseObservationOr());
    }
    return operands.length === 1
      ? (operands[0] as StixObservationExpression)
      : { type: 'followedby', operands };
  }

  private parseObservationOr(): StixObservationExpression {
    const operands = [this.parseObservationAnd()];
    while (this.isKeyword('OR')) {
      this.next();
      operands.push(this.parseObservationAnd());
    }
    return operands.length === 1
      ? (operands[0] as StixObservationExpression)
      : { type: 'or', operands };
  }

  private parseObservationAnd(): StixObservationExpression {
    const operands = [this.parseQualified()];
    while (this.isKeyword('AND')) {
      this.next();
      operands.push(this.parseQualified());
    }
    return operands.length === 1
      ? (operands[0] as StixObservationExpression)
      : { type: 'and', operands };
  }

  private parseQualified(): StixObservationExpression {
    let expression = this.parseObservationAtom();
    for (;;) {
      if (this.isKeyword('WITHIN')) {
        this.next();
        const seconds = Number(this.expect('number', 'a number of seconds').text);
        if (!this.isKeyword('SECONDS'))
          throw syntaxError('expected SECONDS after WITHIN <n>', this.peek().offset);
        this.next();
        expression = { type: 'qualified', expression, qualifier: { kind: 'within', seconds } };
      } else if (this.isKeyword('REPEATS')) {
        this.next();
        const times = Number(this.expect('number', 'a repeat count').text);
        if (!this.isKeyword('TIMES'))
          throw syntaxError('expected TIMES after REPEATS <n>', this.peek().offset);
        this.next();
        expression = { type: 'qualified', expression, qualifier: { kind: 'repeats', times } };
      } else if (this.isKeyword('START')) {
        this.next();
        const start = this.expectTimestamp();
        if (!this.isKeyword('STOP'))
          throw syntaxError('expected STOP after START <timestamp>', this.peek().offset);
        this.next();
        const stop = this.expectTimestamp();
        expression = {
          type: 'qualified',
          expression,
          qualifier: { kind: 'start-stop', start, stop },
        };
      } else return expression;
    }
  }

  private expectTimestamp(): string {
    const token = this.next();
    if (token.kind !== 'typed' || token.prefix !== 't')
      throw syntaxError("expected a timestamp literal t'…'", token.offset);
    return token.text;
  }

  private parseObservationAtom(): StixObservationExpression {
    const token = this.peek();
    if (token.kind === 'lbracket') {
      this.next();
      const expression = this.parseComparisonOr();
      this.expect('rbracket', "']'");
      return { type: 'observation', expression };
    }
    if (token.kind === 'lparen') {
      this.next();
      const expression = this.parseFollowedBy();
      this.expect('rparen', "')'");
      return expression;
    }
    throw syntaxError(
      `expected '[' or '(', found ${token.kind === 'end' ? 'end of pattern' : `'${token.text}'`}`,
      token.offset,
    );
  }

  private parseComparisonOr(): StixComparisonExpression {
    const operands = [this.parseComparisonAnd()];
    while (this.isKeyword('OR')) {
      this.next();
      operands.push(this.parseComparisonAnd());
    }
    return operands.length === 1
      ? (operands[0] as StixComparisonExpression)
      : { type: 'or', operands };
  }

  private parseComparisonAnd(): StixComparisonExpression {
    const operands = [this.parseComparisonAtom()];
    while (this.isKeyword('AND')) {
      this.next();
      operands.push(this.parseComparisonAtom());
    }
    return operands.length === 1
      ? (operands[0] as StixComparisonExpression)
      : { type: 'and', operands };
  }

  private parseComparisonAtom(): StixComparisonExpression {
    const start = this.peek();
    if (start.kind === 'lparen') {
      this.next();
      const expression = this.parseComparisonOr();
      this.expect('rparen', "')'");
      return expression;
    }
    let negated = false;
    if (this.isKeyword('NOT') || this.isKeyword('EXISTS')) {
      if (this.isKeyword('NOT')) {
        this.next();
        negated = true;
      }
      if (this.isKeyword('EXISTS')) {
        this.next();
        const path = this.parseObjectPath();
        return {
          type: 'comparison',
          path,
          operator: 'EXISTS',
          negated,
          value: undefined,
          offset: start.offset,
        };
      }
      throw syntaxError('expected EXISTS after NOT', this.peek().offset);
    }
    const path = this.parseObjectPath();
    if (this.isKeyword('NOT')) {
      this.next();
      negated = true;
    }
    const operatorToken = this.next();
    let operator: StixComparisonOperator;
    if (operatorToken.kind === 'operator') operator = operatorToken.text as StixComparisonOperator;
    else if (
      operatorToken.kind === 'word' &&
      ['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(operatorToken.text)
    )
      operator = operatorToken.text as StixComparisonOperator;
    else
      throw syntaxError(
        `expected a comparison operator after ${path.text}, found ${operatorToken.kind === 'end' ? 'end of pattern' : `'${operatorToken.text}'`}`,
        operatorToken.offset,
      );
    if (operator === 'IN') {
      this.expect('lparen', "'(' after IN");
      const values = [this.parseLiteral()];
      while (this.peek().kind === 'comma') {
        this.next();
        values.push(this.parseLiteral());
      }
      this.expect('rparen', "')' closing the IN list");
      return { type: 'comparison', path, operator, negated, value: values, offset: start.offset };
    }
    const value = this.parseLiteral();
    if (
      (operator === 'LIKE' ||
        operator === 'MATCHES' ||
        operator === 'ISSUBSET' ||
        operator === 'ISSUPERSET') &&
      value.kind !== 'string'
    )
      throw syntaxError(`${operator} needs a string literal`, operatorToken.offset);
    return { type: 'comparison', path, operator, negated, value, offset: start.offset };
  }

  private parseLiteral(): StixLiteral {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text };
      case 'number':
        return token.text.includes('.')
          ? { kind: 'float', value: Number(token.text) }
          : { kind: 'integer', value: Number(token.text) };
      case 'typed': {
        const kind = token.prefix === 't' ? 'timestamp' : token.prefix === 'h' ? 'hex' : 'binary';
        if (kind === 'timestamp' && Number.isNaN(Date.parse(token.text)))
          throw syntaxError(`invalid timestamp '${token.text}'`, token.offset);
        if (kind === 'hex' && !/^([0-9a-fA-F]{2})*$/.test(token.text))
          throw syntaxError(`invalid hex literal '${token.text}'`, token.offset);
        return { kind, value: token.text };
      }
      case 'word':
        if (token.text === 'true' || token.text === 'false')
          return { kind: 'boolean', value: token.text === 'true' };
        break;
      default:
        break;
    }
    throw syntaxError(
      `expected a literal, found ${token.kind === 'end' ? 'end of pattern' : `'${token.text}'`}`,
      token.offset,
    );
  }

  private parseObjectPath(): StixObjectPath {
    const typeToken = this.expect('word', 'an object type');
    if (KEYWORDS.has(typeToken.text))
      throw syntaxError(`expected an object type, found '${typeToken.text}'`, typeToken.offset);
    if (!/^[a-z0-9-]+$/.test(typeToken.text))
      throw syntaxError(`invalid object type '${typeToken.text}'`, typeToken.offset);
    this.expect('colon', "':' after the object type");
    const steps: StixPathStep[] = [this.parsePathComponent()];
    let text = `${typeToken.text}:${quoteStep(steps[0] as string)}`;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'dot') {
        this.next();
        const step = this.parsePathComponent();
        steps.push(step);
        text += `.${quoteStep(step)}`;
      } else if (token.kind === 'lbracket') {
        const after = this.tokens[this.position + 1];
        const close = this.tokens[this.position + 2];
        const isIndex =
          after !== undefined &&
          close?.kind === 'rbracket' &&
          (after.kind === 'number' || (after.kind === 'word' && after.text === '*'));
        if (!isIndex) return this.done(typeToken.text, steps, text);
        this.next();
        const indexToken = this.next();
        this.expect('rbracket', "']' closing a list index");
        const step: StixPathStep = indexToken.text === '*' ? '*' : Number(indexToken.text);
        steps.push(step);
        text += `[${step}]`;
      } else return this.done(typeToken.text, steps, text);
    }
  }

  private done(objectType: string, steps: StixPathStep[], text: string): StixObjectPath {
    return { objectType, steps, text };
  }

  private parsePathComponent(): string {
    const token = this.next();
    if (token.kind === 'word' && !KEYWORDS.has(token.text)) return token.text;
    if (token.kind === 'string') return token.text;
    throw syntaxError(
      `expected a property name, found ${token.kind === 'end' ? 'end of pattern' : `'${token.text}'`}`,
      token.offset,
    );
  }
}

function quoteStep(step: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(step) ? step : `'${step.replace(/[\\']/g, '\\$&')}'`;
}

/**
 * Parses a STIX 2.1 pattern into its syntax tree. Throws {@link IntelError} with code
 * `INTEL_PATTERN_SYNTAX` and the 0-based offset when it does not parse.
 *
 * @example
 * ```ts
 * const tree = parseStixPattern("[file:hashes.'SHA-256' = 'aec0…' OR ipv4-addr:value = '10.0.0.0/8']");
 * tree.type; // 'observation'
 * ```
 */
export function parseStixPattern(pattern: string): StixObservationExpression {
  return new Parser(tokenize(pattern)).parsePattern();
}
